using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Merkle;

public sealed partial class MerkleTree
{
    /// <summary>RFC 6962 §2.1.1 audit path PATH(index, D[0:Size]), siblings ordered from the leaf up.</summary>
    public InclusionProof ProveInclusion(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        var path = new List<Hash32>();
        AppendInclusionPath(index, 0, Size, path);
        return new InclusionProof(index, Size, path.ToArray());
    }

    /// <summary>RFC 6962 §2.1.2 PROOF(oldSize, D[0:Size]); empty when oldSize == Size.</summary>
    public ConsistencyProof ProveConsistency(int oldSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, Size);
        var path = new List<Hash32>();
        if (oldSize < Size)
        {
            AppendSubproof(oldSize, 0, Size, wholeOldTree: true, path);
        }
        return new ConsistencyProof(oldSize, Size, path.ToArray());
    }

    // PATH(m, D[start:start+n]): recurse into the half holding m, then add the other half's root.
    private void AppendInclusionPath(int m, int start, int n, List<Hash32> path)
    {
        if (n == 1)
        {
            return;
        }
        var k = MerkleSplit.Point(n);
        if (m < k)
        {
            AppendInclusionPath(m, start, k, path);
            path.Add(SubtreeHash(start + k, n - k));
        }
        else
        {
            AppendInclusionPath(m - k, start + k, n - k, path);
            path.Add(SubtreeHash(start, k));
        }
    }

    // SUBPROOF(m, D[start:start+n], b). b ("wholeOldTree") stays true while the old tree is the left edge of the
    // current subtree; then the verifier already knows MTH(D[start:start+m]) as the old root and it is omitted.
    private void AppendSubproof(int m, int start, int n, bool wholeOldTree, List<Hash32> path)
    {
        if (m == n)
        {
            if (!wholeOldTree)
            {
                path.Add(SubtreeHash(start, n));
            }
            return;
        }
        var k = MerkleSplit.Point(n);
        if (m <= k)
        {
            AppendSubproof(m, start, k, wholeOldTree, path);
            path.Add(SubtreeHash(start + k, n - k));
        }
        else
        {
            AppendSubproof(m - k, start + k, n - k, wholeOldTree: false, path);
            path.Add(SubtreeHash(start, k));
        }
    }
}
