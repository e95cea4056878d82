using SHA256 = System.Security.Cryptography.SHA256;
using DumboFL.Core.Encoding;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace DumboFL.Core.Coin;

// H: coin id → group element, by try-and-increment (Boneh–Lynn–Shacham's MapToGroup): hash the tagged id
// with a one-byte counter to a candidate x, keep the first x < p for which x³ + 7 is a square, take the even
// y. About half of all x qualify, so the expected number of tries is 2 and all 256 fail with probability
// 2^-256. Nobody learns log_g H(id), which is what the coin's unpredictability rests on (CKS, ROM).
// The running time depends on the id, but coin ids are public, so that leaks nothing.
internal static class HashToCurve
{
    public static ECPoint Map(ReadOnlySpan<byte> coinId)
    {
        var prefix = new CanonicalWriter(CoinTags.HashToCurve, coinId.Length + 48).WriteBytes(coinId).WrittenSpan;
        var input = new byte[prefix.Length + 1];
        prefix.CopyTo(input);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        for (var counter = 0; counter <= byte.MaxValue; counter++)
        {
            input[^1] = (byte)counter;
            SHA256.HashData(input, digest);
            var point = Secp256k1.LiftX(new BigInteger(1, digest.ToArray()), oddY: false);
            if (point is not null)
            {
                return point;
            }
        }
        throw new InvalidOperationException("hash-to-curve failed 256 times in a row (probability 2^-256)");
    }
}
