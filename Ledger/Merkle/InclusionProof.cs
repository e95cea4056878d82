using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Merkle;

/// <summary>An RFC 6962 audit path for the leaf at <see cref="LeafIndex"/> in a tree of <see cref="TreeSize"/> leaves.</summary>
public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<Hash32> Path)
{
    /// <summary>
    /// RFC 9162 §2.1.3.2, step by step. Nothing in the proof is trusted: the sizes must drive sn to exactly 0 as the
    /// last path element is consumed. A malformed proof returns false, never throws.
    /// </summary>
    public bool Verify(Hash32 leafHash, Hash32 root)
    {
        // 1. leaf_index must be inside the tree.
        if (Path is null || LeafIndex < 0 || LeafIndex >= TreeSize)
        {
            return false;
        }

        // 2–3.
        var fn = LeafIndex;
        var sn = TreeSize - 1;
        var r = leafHash;

        // 4.
        for (var i = 0; i < Path.Count; i++)
        {
            var p = Path[i];
            if (sn == 0)
            {
                return false; // 4a: more path than tree.
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                // 4b.ii: skip the levels where this node is a lone right edge (no sibling on the path).
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }

        // 5.
        return sn == 0 && r == root;
    }
}
