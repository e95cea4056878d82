using DumboFL.Core.Encoding;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace DumboFL.Core.Coin;

public sealed partial class CoinKeySet
{
    // Agreement needs every f+1 subset of shares to interpolate to the same H(id)^x, i.e. g^x and the
    // g^{x_i} must be g^{p(0)}, g^{p(1)}, … for ONE polynomial p of degree < threshold. A key file that
    // breaks this (corrupted, or forged by a faulty dealer) would split the shard's coins, so Decode refuses it.
    //
    // Check: with basis B = the first `threshold` keys (x = 1..t), every other point P_k (x_k = 0 for g^x,
    // t+1..n for the rest) must equal Σ_b λ_b(x_k)·P_b. All equations are folded into one multi-exponentiation
    // with coefficients ρ_k derived by hashing the encoding: Σ_k ρ_k (Σ_b λ_b(x_k)·P_b − P_k) = ∞.
    // A false key set passes with probability about 1/q per hash query.
    private void EnsureOnOnePolynomial(ReadOnlySpan<byte> encoding)
    {
        var q = Secp256k1.Order;
        var t = Threshold;
        var baseXs = Enumerable.Range(0, t).Select(Lagrange.XOf).ToArray();
        var weights = Lagrange.BarycentricWeights(baseXs);
        var transcript = Hashing.Hash32.Of(encoding);

        var points = new List<ECPoint>(N + 1);
        var scalars = new List<BigInteger>(N + 1);
        points.AddRange(_verificationPoints[..t]);
        var baseScalars = Enumerable.Repeat(BigInteger.Zero, t).ToArray();

        var targets = new List<(BigInteger X, ECPoint Point)> { (BigInteger.Zero, GroupPoint) };
        targets.AddRange(Enumerable.Range(t, N - t).Select(i => (Lagrange.XOf(i), _verificationPoints[i])));
        for (var k = 0; k < targets.Count; k++)
        {
            var (x, point) = targets[k];
            var rho = Secp256k1.WideHashToScalar(
                new CanonicalWriter(CoinTags.KeySetCheck, 96).WriteHash(transcript).WriteU32((uint)k).WrittenSpan);
            // Barycentric form: λ_b(x) = L(x) · w_b / (x − x_b), L(x) = Π_m (x − x_m); x is never a basis x.
            var l = baseXs.Aggregate(BigInteger.One, (acc, xm) => acc.Multiply(x.Subtract(xm)).Mod(q));
            for (var b = 0; b < t; b++)
            {
                var lambda = l.Multiply(weights[b]).Multiply(x.Subtract(baseXs[b]).Mod(q).ModInverse(q)).Mod(q);
                baseScalars[b] = baseScalars[b].Add(rho.Multiply(lambda)).Mod(q);
            }
            points.Add(point);
            scalars.Add(q.Subtract(rho).Mod(q));
        }
        scalars.InsertRange(0, baseScalars);

        if (!ECAlgorithms.SumOfMultiplies(points.ToArray(), scalars.ToArray()).IsInfinity)
        {
            throw new FormatException("the verification keys and the group key do not lie on one polynomial of degree threshold − 1");
        }
    }
}
