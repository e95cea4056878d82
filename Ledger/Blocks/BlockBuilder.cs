using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Ledger.Blocks;

/// <summary>
/// Builds a block from valid entries in commit order: entries are grouped by <see cref="EntryGroup"/> (kind, and
/// output shard for cross-shard entries), each non-empty group gets an RFC 6962 tree over its entries'
/// canonical bytes, and a top tree over the groups' canonical roots gives the header's top root. Never
/// called with no entries: an empty batch builds no block.
/// </summary>
public static class BlockBuilder
{
    public static Block Build(uint shard, ulong height, ulong epoch, Hash32 prevHash, Hash32 decisionDigest, IReadOnlyList<LedgerEntry> entries)
    {
        if (entries.Count == 0)
        {
            throw new ArgumentException("an empty batch builds no block", nameof(entries));
        }
        var groups = Group(entries);
        var roots = groups.Select(g => new GroupRoot(g.Key, g.Value.Count, MerkleRoot.Compute(LeafHashes(g.Value)))).ToArray();
        var header = new BlockHeader(shard, height, epoch, prevHash, roots, TopRoot(roots), entries.Count, decisionDigest);
        return new Block(header, groups.SelectMany(g => g.Value).ToArray(), null);
    }

    /// <summary>Entries per group, groups in ascending order, commit order kept inside a group.</summary>
    public static SortedDictionary<EntryGroup, List<LedgerEntry>> Group(IEnumerable<LedgerEntry> entries)
    {
        var groups = new SortedDictionary<EntryGroup, List<LedgerEntry>>();
        foreach (var entry in entries)
        {
            if (!groups.TryGetValue(entry.Group, out var list))
            {
                groups[entry.Group] = list = [];
            }
            list.Add(entry);
        }
        return groups;
    }

    public static Hash32[] LeafHashes(IReadOnlyList<LedgerEntry> entries) =>
        entries.Select(e => MerkleHash.Leaf(e.Encode())).ToArray();

    public static Hash32 TopRoot(IReadOnlyList<GroupRoot> roots) =>
        MerkleRoot.Compute(roots.Select(r => MerkleHash.Leaf(r.Encode())).ToArray());
}
