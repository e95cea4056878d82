using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// One node's proposal for an epoch: opaque items. The item ids (SHA-256 of each item) and the digest (over
/// the ids) are always computed locally, never taken from the wire; a batch decoded from the wire has them
/// computed by the decoding thread (<see cref="Prepared"/>), so the core loop does not hash its items again.
/// </summary>
public sealed class Batch
{
    private Hash32[]? _itemIds;
    private Hash32? _digest;

    public Batch(IReadOnlyList<byte[]> items) => Items = items;

    public static Batch Empty { get; } = new([]);

    public IReadOnlyList<byte[]> Items { get; }

    public int ByteSize => Items.Sum(i => i.Length);

    /// <summary>SHA-256 of each item, in item order: what duplicate removal and the ledger key items by.</summary>
    public IReadOnlyList<Hash32> ItemIds => _itemIds ??= ComputeItemIds();

    /// <summary>Commits to the items through their ids (collision resistance of SHA-256 makes that a commitment to the bytes).</summary>
    public Hash32 Digest => _digest ??= ComputeDigest();

    /// <summary>Computes the ids and the digest now, on the calling thread; returns this batch.</summary>
    public Batch Prepared()
    {
        _ = Digest;
        return this;
    }

    private Hash32[] ComputeItemIds()
    {
        var ids = new Hash32[Items.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Hash32.Of(Items[i]);
        }
        return ids;
    }

    private Hash32 ComputeDigest()
    {
        var ids = ItemIds;
        var writer = new CanonicalWriter("dumbofl/batch/v2", 16 + (Hash32.Size * ids.Count));
        writer.WriteU32((uint)ids.Count);
        foreach (var id in ids)
        {
            writer.WriteHash(id);
        }
        return writer.Hash();
    }
}
