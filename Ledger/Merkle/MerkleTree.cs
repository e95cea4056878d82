using System.Numerics;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Merkle;

/// <summary>
/// An RFC 6962 Merkle tree that keeps every perfect subtree, so inclusion and consistency proofs are lookups
/// plus O(log n) hashes for the ragged right edge.
/// </summary>
public sealed partial class MerkleTree
{
    // _levels[l][j] = MTH of the 2^l leaves starting at j·2^l; only complete subtrees are stored.
    private readonly Hash32[][] _levels;

    private MerkleTree(Hash32[] leafHashes)
    {
        Size = leafHashes.Length;
        _levels = BuildLevels(leafHashes);
        Root = Size == 0 ? MerkleHash.Empty : SubtreeHash(0, Size);
    }

    public int Size { get; }

    public Hash32 Root { get; }

    public static MerkleTree FromLeafHashes(IReadOnlyList<Hash32> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var copy = new Hash32[leafHashes.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = leafHashes[i];
        }
        return new MerkleTree(copy);
    }

    public static MerkleTree FromLeafData(IEnumerable<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        // A null leaf would otherwise read as the empty leaf "" (a null array converts to an empty span).
        return new MerkleTree(leaves.Select(leaf => MerkleHash.Leaf(leaf ?? throw new ArgumentException("a leaf is null", nameof(leaves)))).ToArray());
    }

    public Hash32 LeafHash(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return _levels[0][index];
    }

    /// <summary>MTH(D[0:size]): the root this tree had when it held its first <paramref name="size"/> leaves.</summary>
    public Hash32 RootAt(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        return size == 0 ? MerkleHash.Empty : SubtreeHash(0, size);
    }

    /// <summary>
    /// MTH(D[start:start+count]) for a range reached by the RFC 6962 recursion, where start is always a multiple of
    /// the smallest power of two ≥ count, so every perfect part is one stored hash.
    /// </summary>
    private Hash32 SubtreeHash(int start, int count)
    {
        if (MerkleSplit.IsPowerOfTwo(count))
        {
            var level = BitOperations.Log2((uint)count);
            return _levels[level][start >> level];
        }
        var k = MerkleSplit.Point(count);
        return MerkleHash.Node(SubtreeHash(start, k), SubtreeHash(start + k, count - k));
    }

    private static Hash32[][] BuildLevels(Hash32[] leafHashes)
    {
        var levels = new List<Hash32[]> { leafHashes };
        Span<byte> node = stackalloc byte[MerkleHash.NodeInputSize];
        Span<byte> digest = stackalloc byte[Hash32.Size];
        node[0] = MerkleHash.NodePrefix;
        var below = leafHashes;
        while (below.Length > 1)
        {
            var level = new Hash32[below.Length / 2];
            for (var j = 0; j < level.Length; j++)
            {
                below[2 * j].CopyTo(node[1..]);
                below[2 * j + 1].CopyTo(node[(1 + Hash32.Size)..]);
                MerkleHash.NodeInto(node, digest);
                level[j] = new Hash32(digest);
            }
            levels.Add(level);
            below = level;
        }
        return [.. levels];
    }
}
