using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;

namespace DumboFL.Ledger.Storage;

/// <summary>The latest stored header, as much of it as the next append is checked against.</summary>
internal readonly record struct ChainTip(ulong Height, Hash32 Hash, uint Shard)
{
    public static ChainTip Of(BlockHeader header) => new(header.Height, header.Hash, header.Shard);

    /// <summary>
    /// Continuity of the chain: the next height, linked to the tip's hash, on the same shard. The first block
    /// (height 0) links to nothing the store knows, so its previous hash is not checked here.
    /// </summary>
    public static void CheckFollows(BlockHeader header, ChainTip? tip)
    {
        if (tip is not { } t)
        {
            if (header.Height != 0)
            {
                throw new InvalidOperationException($"the ledger is empty: the first block has height 0, not {header.Height}");
            }
            return;
        }
        if (header.Height != t.Height + 1)
        {
            throw new InvalidOperationException($"block at height {header.Height} does not follow the latest block ({t.Height})");
        }
        if (header.PrevHash != t.Hash)
        {
            throw new InvalidOperationException($"block {header.Height} links to {header.PrevHash}, not to block {t.Height} ({t.Hash})");
        }
        if (header.Shard != t.Shard)
        {
            throw new InvalidOperationException($"block {header.Height} belongs to shard {header.Shard}, this ledger to shard {t.Shard}");
        }
    }
}
