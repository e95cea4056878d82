using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>
/// Builds a shard's chain of well-formed blocks: entries sorted into their groups, one group root per
/// non-empty group, each header linked to the previous. Roots are placeholders (hashes of the member ids):
/// the store keeps headers as given and never recomputes Merkle roots. Compiled into LedgerCrashWriter too.
/// </summary>
public sealed class TestChain(uint shard = 0)
{
    private Hash32 _previous = Hash32.Zero;

    public ulong NextHeight { get; private set; }

    public Block Next(IEnumerable<LedgerEntry> entries, QuorumCertificate? certificate = null)
    {
        var block = Build(shard, NextHeight, _previous, entries, certificate);
        _previous = block.Header.Hash;
        NextHeight++;
        return block;
    }

    public static Block Build(uint shard, ulong height, Hash32 previous, IEnumerable<LedgerEntry> entries, QuorumCertificate? certificate = null)
    {
        var ordered = entries.OrderBy(e => e.Group).ToArray();
        var groups = ordered.GroupBy(e => e.Group)
            .Select(g => new GroupRoot(g.Key, g.Count(), Hash32.Of(g.SelectMany(e => e.Id.ToArray()).ToArray())))
            .ToArray();
        var top = Hash32.Of(groups.SelectMany(g => g.Encode()).ToArray());
        var decision = Hash32.Of(BitConverter.GetBytes(height));
        var header = new BlockHeader(shard, height, height + 1, previous, groups, top, ordered.Length, decision);
        return new Block(header, ordered, certificate);
    }

    /// <summary>The crash writer's block at <paramref name="height"/>: 100–299 mixed entries, all a function of the height.</summary>
    public static Block CrashBlock(ulong height, Hash32 previous) =>
        Build(0, height, previous, TestEntries.Mixed(height, 100 + (int)(height * 7919 % 200)));

    /// <summary>Fake certificate: the store checks its shape, never its signatures.</summary>
    public static QuorumCertificate Certificate(params int[] signers) =>
        new(signers, signers.Select(s => Enumerable.Repeat((byte)(s + 1), NodeKey.SignatureSize).ToArray()).ToArray());
}
