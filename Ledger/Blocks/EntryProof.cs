using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Ledger.Blocks;

/// <summary>
/// An entry's inclusion proof up to a block header: entry → its group's root (group tree), group root →
/// the header's top root (top tree).
/// </summary>
public sealed record EntryProof(byte[] Entry, GroupRoot Group, InclusionProof InGroup, InclusionProof InTop)
{
    public static EntryProof Create(Block block, Hash32 entryId)
    {
        var groups = BlockBuilder.Group(block.Entries).ToArray();
        for (var g = 0; g < groups.Length; g++)
        {
            var index = groups[g].Value.FindIndex(e => e.Id == entryId);
            if (index < 0)
            {
                continue;
            }
            var groupTree = MerkleTree.FromLeafHashes(BlockBuilder.LeafHashes(groups[g].Value));
            var topTree = MerkleTree.FromLeafHashes(block.Header.GroupRoots.Select(r => MerkleHash.Leaf(r.Encode())).ToArray());
            return new EntryProof(groups[g].Value[index].Encode(), block.Header.GroupRoots[g], groupTree.ProveInclusion(index), topTree.ProveInclusion(g));
        }
        throw new ArgumentException($"entry {entryId} is not in block {block.Height}", nameof(entryId));
    }

    /// <summary>True when the entry bytes lead, through both proofs, to the header's top root.</summary>
    public bool Verify(BlockHeader header) =>
        InGroup.Verify(MerkleHash.Leaf(Entry), Group.Root)
        && InTop.Verify(MerkleHash.Leaf(Group.Encode()), header.TopRoot)
        && InTop.LeafIndex < header.GroupRoots.Count && header.GroupRoots[(int)InTop.LeafIndex] == Group;
}
