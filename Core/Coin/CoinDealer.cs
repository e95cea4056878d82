using DumboFL.Core.Encoding;
using Org.BouncyCastle.Math;

namespace DumboFL.Core.Coin;

// Trusted-dealer Shamir sharing of the coin secret (as in the reference Dumbo/HoneyBadger deployments):
// p(X) = a_0 + a_1·X + … + a_{t−1}·X^{t−1} over Z_q with random a_k, secret x = a_0 = p(0), node i gets
// x_i = p(i+1). Any t shares determine p; t−1 shares say nothing about x.
public static class CoinDealer
{
    // With a non-empty seed every coefficient comes from SHA-512(tag ‖ seed ‖ counter), so a simulation
    // replays the same keys; without one (an empty seed counts as none) they come from the OS CSPRNG.
    public static (CoinKeySet Public, CoinSecretKey[] Secrets) Deal(int n, int threshold, ReadOnlySpan<byte> seed = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, CoinKeySet.MaxMembers);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, n);
        var nextScalar = seed.IsEmpty ? Secp256k1.RandomScalar : SeededScalars(seed.ToArray());
        while (true)
        {
            var coefficients = new BigInteger[threshold];
            for (var k = 0; k < threshold; k++)
            {
                coefficients[k] = nextScalar();
            }
            var shares = Enumerable.Range(0, n).Select(i => Evaluate(coefficients, Lagrange.XOf(i))).ToArray();
            // g^0 is the point at infinity, which has no key encoding: redraw (probability (n+1)/q).
            if (coefficients[0].SignValue == 0 || shares.Any(s => s.SignValue == 0))
            {
                continue;
            }
            var keys = new CoinKeySet(threshold, Secp256k1.MultiplyG(coefficients[0]),
                shares.Select(Secp256k1.MultiplyG).ToArray());
            return (keys, shares.Select((s, i) => new CoinSecretKey(i, s)).ToArray());
        }
    }

    // Horner's rule mod q.
    private static BigInteger Evaluate(BigInteger[] coefficients, BigInteger x)
    {
        var value = BigInteger.Zero;
        for (var k = coefficients.Length - 1; k >= 0; k--)
        {
            value = value.Multiply(x).Add(coefficients[k]).Mod(Secp256k1.Order);
        }
        return value;
    }

    private static Func<BigInteger> SeededScalars(byte[] seed)
    {
        uint counter = 0;
        return () => Secp256k1.WideHashToScalar(
            new CanonicalWriter(CoinTags.DealerSeed, seed.Length + 48).WriteBytes(seed).WriteU32(counter++).WrittenSpan);
    }
}
