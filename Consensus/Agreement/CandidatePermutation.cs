using System.Buffers.Binary;
using System.Security.Cryptography;
using DumboFL.Core.Coin;

namespace DumboFL.Consensus;

/// <summary>The order in which MVBA tries candidates: a Fisher–Yates shuffle driven by the permutation coin.</summary>
internal static class CandidatePermutation
{
    public static int[] From(CoinValue coin, int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        Span<byte> input = stackalloc byte[36];
        Span<byte> digest = stackalloc byte[32];
        coin.Digest.CopyTo(input);
        for (var i = n - 1; i > 0; i--)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input[32..], i);
            SHA256.HashData(input, digest);
            // 64 random bits mod (i+1): bias below 2^-50 for any committee size we run.
            var j = (int)(BinaryPrimitives.ReadUInt64LittleEndian(digest) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
