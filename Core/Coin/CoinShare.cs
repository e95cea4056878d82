namespace DumboFL.Core.Coin;

// Signer's share H(id)^{x_i} of one coin, compressed, with its DLEQ proof (c, z) as 32-byte big-endian
// scalars. Built from the wire as is: ThresholdCoin.VerifyShare checks every field.
public sealed record CoinShare(int Signer, byte[] Point, byte[] Challenge, byte[] Response)
{
    public const int PointSize = Secp256k1.PointSize;
    public const int ScalarSize = Secp256k1.ScalarSize;
}
