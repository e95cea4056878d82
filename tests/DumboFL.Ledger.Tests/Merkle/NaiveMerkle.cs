using System.Security.Cryptography;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Tests.Merkle;

/// <summary>
/// The RFC 6962 §2.1 definition of MTH written as literally as possible (recursion, fresh arrays, no shared code
/// with the implementation) so the fast paths have an independent reference.
/// </summary>
internal static class NaiveMerkle
{
    public static Hash32 Root(IReadOnlyList<Hash32> leafHashes) => Root(leafHashes.ToArray());

    private static Hash32 Root(Hash32[] d)
    {
        if (d.Length == 0)
        {
            return new Hash32(SHA256.HashData(Array.Empty<byte>()));
        }
        if (d.Length == 1)
        {
            return d[0];
        }
        var k = 1;
        while (k * 2 < d.Length)
        {
            k *= 2;
        }
        byte[] input = [0x01, .. Root(d[..k]).ToArray(), .. Root(d[k..]).ToArray()];
        return new Hash32(SHA256.HashData(input));
    }

    public static Hash32 Leaf(byte[] data) => new(SHA256.HashData([0x00, .. data]));

    /// <summary>Distinct leaf hashes of leaves "leaf 0", "leaf 1", …</summary>
    public static Hash32[] DistinctLeafHashes(int count) =>
        Enumerable.Range(0, count).Select(i => Leaf(System.Text.Encoding.UTF8.GetBytes($"leaf {i}"))).ToArray();
}
