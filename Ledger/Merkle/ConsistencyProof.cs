using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Merkle;

/// <summary>An RFC 6962 proof that the tree of <see cref="OldSize"/> leaves is a prefix of the tree of <see cref="NewSize"/>.</summary>
public sealed record ConsistencyProof(long OldSize, long NewSize, IReadOnlyList<Hash32> Path)
{
    /// <summary>
    /// RFC 9162 §2.1.4.2, step by step, for 0 &lt; OldSize &lt; NewSize; OldSize == NewSize is consistent exactly when the
    /// path is empty and the roots are equal. A malformed proof returns false, never throws.
    /// </summary>
    public bool Verify(Hash32 oldRoot, Hash32 newRoot)
    {
        if (Path is null || OldSize <= 0 || OldSize > NewSize)
        {
            return false;
        }
        if (OldSize == NewSize)
        {
            return Path.Count == 0 && oldRoot == newRoot;
        }

        // 1.
        if (Path.Count == 0)
        {
            return false;
        }

        // 2 and 5: when OldSize is a power of two the old root is a node of the new tree and is not sent, so
        // "prepend first_hash" means: start from oldRoot and consume the whole path.
        var next = 0;
        Hash32 fr;
        if (MerkleSplit.IsPowerOfTwo(OldSize))
        {
            fr = oldRoot;
        }
        else
        {
            fr = Path[0];
            next = 1;
        }
        var sr = fr;

        // 3–4.
        var fn = OldSize - 1;
        var sn = NewSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        // 6.
        for (var i = next; i < Path.Count; i++)
        {
            var c = Path[i];
            if (sn == 0)
            {
                return false; // 6a.
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }

        // 7.
        return fr == oldRoot && sr == newRoot && sn == 0;
    }
}
