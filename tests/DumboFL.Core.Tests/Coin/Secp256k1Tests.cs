using DumboFL.Core.Coin;
using Org.BouncyCastle.Math;

namespace DumboFL.Core.Tests.Coin;

public class Secp256k1Tests
{
    [Test]
    public void Strict_decoding_accepts_exactly_the_compressed_encodings_it_produces()
    {
        var point = HashToCurve.Map("decode"u8);
        var encoded = Secp256k1.Encode(point);

        Assert.Multiple(() =>
        {
            Assert.That(Secp256k1.TryDecode(encoded, out var decoded), Is.True);
            Assert.That(decoded, Is.EqualTo(point));
            Assert.That(Secp256k1.TryDecode(point.Normalize().GetEncoded(false), out _), Is.False);
            Assert.That(Secp256k1.TryDecode([0x00], out _), Is.False);
        });
    }

    [Test]
    public void Scalars_have_one_encoding_each()
    {
        var q = Secp256k1.Order;

        Assert.Multiple(() =>
        {
            Assert.That(Secp256k1.TryDecodeScalar(Secp256k1.EncodeScalar(q.Subtract(BigInteger.One)), out var top), Is.True);
            Assert.That(top, Is.EqualTo(q.Subtract(BigInteger.One)));
            Assert.That(Secp256k1.TryDecodeScalar(Secp256k1.EncodeScalar(q), out _), Is.False);
            Assert.That(Secp256k1.TryDecodeScalar(new byte[31], out _), Is.False);
            Assert.That(Secp256k1.EncodeScalar(BigInteger.One), Has.Length.EqualTo(32));
        });
    }
}
