using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Merkle;

/// <summary>Streaming Merkle tree hash (MTH) over leaf hashes: O(log n) memory, exactly n − 1 node hashes.</summary>
public static class MerkleRoot
{
    // A stack of perfect-subtree roots, one per set bit of the leaf count so far, plus the one being pushed.
    private const int MaxDepth = 33;

    public static Hash32 Compute(ReadOnlySpan<Hash32> leafHashes)
    {
        if (leafHashes.Length == 0)
        {
            return MerkleHash.Empty;
        }

        Span<byte> stack = stackalloc byte[MaxDepth * Hash32.Size];
        Span<byte> node = stackalloc byte[MerkleHash.NodeInputSize];
        node[0] = MerkleHash.NodePrefix;
        var depth = 0;

        for (var i = 0; i < leafHashes.Length; i++)
        {
            leafHashes[i].CopyTo(stack.Slice(depth * Hash32.Size, Hash32.Size));
            depth++;
            // Binary counter: leaf i closes one perfect subtree per trailing 1 bit of i.
            for (var m = i; (m & 1) == 1; m >>= 1)
            {
                depth--;
                Merge(stack, depth, node);
            }
        }

        // The remaining subtrees have strictly decreasing sizes (the binary digits of n). RFC 6962 splits at the
        // largest power of two, so MTH = Node(P1, Node(P2, … Node(Pk−1, Pk))): fold from the right.
        while (depth > 1)
        {
            depth--;
            Merge(stack, depth, node);
        }

        return new Hash32(stack[..Hash32.Size]);
    }

    /// <summary>Replaces slots depth−1 and depth with their parent in slot depth−1.</summary>
    private static void Merge(Span<byte> stack, int depth, Span<byte> node)
    {
        var pair = stack.Slice((depth - 1) * Hash32.Size, 2 * Hash32.Size);
        pair.CopyTo(node[1..]);
        MerkleHash.NodeInto(node, pair[..Hash32.Size]);
    }
}
