using Org.BouncyCastle.Math;

namespace DumboFL.Core.Coin;

// Lagrange coefficients over Z_q for Shamir shares. Node i holds p(i+1), so the x-coordinates are
// 1..n: all non-zero (0 is where the secret sits) and distinct as long as the signers are.
internal static class Lagrange
{
    public static BigInteger XOf(int signer) => BigInteger.ValueOf(signer + 1L);

    // λ_j(at) = Π_{m≠j} (at − x_m) / (x_j − x_m)  mod q, so that p(at) = Σ_j λ_j · p(x_j) for deg p < |xs|.
    public static BigInteger[] Coefficients(IReadOnlyList<BigInteger> xs, BigInteger at)
    {
        var q = Secp256k1.Order;
        var coefficients = new BigInteger[xs.Count];
        for (var j = 0; j < xs.Count; j++)
        {
            var numerator = BigInteger.One;
            var denominator = BigInteger.One;
            for (var m = 0; m < xs.Count; m++)
            {
                if (m == j)
                {
                    continue;
                }
                numerator = numerator.Multiply(at.Subtract(xs[m])).Mod(q);
                denominator = denominator.Multiply(xs[j].Subtract(xs[m])).Mod(q);
            }
            if (denominator.SignValue == 0)
            {
                throw new ArgumentException("interpolation points must be distinct", nameof(xs));
            }
            coefficients[j] = numerator.Multiply(denominator.ModInverse(q)).Mod(q);
        }
        return coefficients;
    }

    public static BigInteger[] AtZero(IReadOnlyList<int> signers) =>
        Coefficients(signers.Select(XOf).ToArray(), BigInteger.Zero);

    // w_j = 1 / Π_{m≠j} (x_j − x_m): with them λ_j(at) = L(at) · w_j / (at − x_j), O(|xs|) per point.
    public static BigInteger[] BarycentricWeights(IReadOnlyList<BigInteger> xs)
    {
        var q = Secp256k1.Order;
        var weights = new BigInteger[xs.Count];
        for (var j = 0; j < xs.Count; j++)
        {
            var product = BigInteger.One;
            for (var m = 0; m < xs.Count; m++)
            {
                if (m != j)
                {
                    product = product.Multiply(xs[j].Subtract(xs[m])).Mod(q);
                }
            }
            weights[j] = product.ModInverse(q);
        }
        return weights;
    }
}
