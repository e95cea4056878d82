namespace DumboFL.Core.Coin;

public sealed partial class ThresholdCoin
{
    // Shares arrive from Byzantine peers: every malformed field is simply an invalid share, never an
    // exception. Checks go cheapest first; the two double multiplications only run on well-formed input.
    public bool VerifyShare(ReadOnlySpan<byte> coinId, CoinShare share)
    {
        if (share is null || share.Signer < 0 || share.Signer >= Keys.N
            || share.Point is null || share.Challenge is null || share.Response is null)
        {
            return false;
        }
        if (!Secp256k1.TryDecodeScalar(share.Challenge, out var challenge)
            || !Secp256k1.TryDecodeScalar(share.Response, out var response)
            || !Secp256k1.TryDecode(share.Point, out var point))
        {
            return false;
        }
        var h = _recentPoints.Get(coinId);
        return DleqProof.Verify(h, Keys.VerificationPoint(share.Signer), point, challenge, response);
    }
}
