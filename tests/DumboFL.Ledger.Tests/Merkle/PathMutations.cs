using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Tests.Merkle;

/// <summary>Systematic damage to a proof path: every way of adding, removing, reordering or flipping one node.</summary>
internal static class PathMutations
{
    /// <summary>Structural mutations: a node removed at each position, a foreign or duplicated node inserted at each
    /// position (front, middle and back included), each pair of adjacent nodes swapped.</summary>
    public static IEnumerable<(string Name, Hash32[] Path)> Structural(IReadOnlyList<Hash32> path, Hash32 foreign)
    {
        for (var at = 0; at < path.Count; at++)
        {
            yield return ($"node {at} removed", [.. path.Take(at), .. path.Skip(at + 1)]);
        }
        for (var at = 0; at <= path.Count; at++)
        {
            yield return ($"foreign node inserted at {at}", [.. path.Take(at), foreign, .. path.Skip(at)]);
            if (path.Count > 0)
            {
                var copy = path[Math.Min(at, path.Count - 1)];
                yield return ($"duplicate node inserted at {at}", [.. path.Take(at), copy, .. path.Skip(at)]);
            }
        }
        for (var at = 0; at + 1 < path.Count; at++)
        {
            if (path[at] == path[at + 1])
            {
                continue; // swapping equal nodes is no mutation
            }
            var swapped = path.ToArray();
            (swapped[at], swapped[at + 1]) = (swapped[at + 1], swapped[at]);
            yield return ($"nodes {at} and {at + 1} swapped", swapped);
        }
    }

    /// <summary>Every single-bit flip of every path node.</summary>
    public static IEnumerable<(string Name, Hash32[] Path)> BitFlips(IReadOnlyList<Hash32> path)
    {
        for (var at = 0; at < path.Count; at++)
        {
            for (var bit = 0; bit < 8 * Hash32.Size; bit++)
            {
                var mutated = path.ToArray();
                mutated[at] = FlipBit(path[at], bit);
                yield return ($"bit {bit} of node {at} flipped", mutated);
            }
        }
    }

    public static Hash32 FlipBit(Hash32 hash, int bit)
    {
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        hash.CopyTo(bytes);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return new Hash32(bytes);
    }
}
