using DumboFL.Core.Encoding;
using Org.BouncyCastle.Math.EC;

namespace DumboFL.Core.Coin;

public sealed partial class ThresholdCoin
{
    // H(id)^x = Π_j (H(id)^{x_j})^{λ_j}, λ_j the Lagrange coefficients at 0 for the signers' x-coordinates.
    // Uses the first Threshold shares from distinct signers (later duplicates are skipped); the caller
    // has verified them — an invalid share here gives a wrong coin, not an error.
    public CoinValue Combine(ReadOnlySpan<byte> coinId, IReadOnlyList<CoinShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var signers = new List<int>(Keys.Threshold);
        var points = new List<ECPoint>(Keys.Threshold);
        foreach (var share in shares)
        {
            if (signers.Count == Keys.Threshold)
            {
                break;
            }
            if (share is null || share.Signer < 0 || share.Signer >= Keys.N)
            {
                throw new ArgumentException($"a share's signer is outside 0..{Keys.N - 1}", nameof(shares));
            }
            if (signers.Contains(share.Signer))
            {
                continue;
            }
            if (share.Point is null || !Secp256k1.TryDecode(share.Point, out var point))
            {
                throw new ArgumentException($"share of signer {share.Signer} is not a curve point", nameof(shares));
            }
            signers.Add(share.Signer);
            points.Add(point);
        }
        if (signers.Count < Keys.Threshold)
        {
            throw new ArgumentException(
                $"a coin needs {Keys.Threshold} shares from distinct signers, got {signers.Count}", nameof(shares));
        }
        var combined = ECAlgorithms.SumOfMultiplies(points.ToArray(), Lagrange.AtZero(signers));
        return ValueOf(coinId, combined);
    }

    internal static CoinValue ValueOf(ReadOnlySpan<byte> coinId, ECPoint combined) =>
        new(new CanonicalWriter(CoinTags.Value, coinId.Length + 96)
            .WriteBytes(coinId)
            .WriteBytes(Secp256k1.Encode(combined))
            .Hash());
}
