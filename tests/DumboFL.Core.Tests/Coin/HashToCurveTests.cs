using DumboFL.Core.Coin;

namespace DumboFL.Core.Tests.Coin;

public class HashToCurveTests
{
    [Test]
    public void Maps_to_a_valid_point_with_even_y_deterministically()
    {
        var ids = Enumerable.Range(0, 50).Select(i => System.Text.Encoding.UTF8.GetBytes($"id {i}")).Append([]).ToArray();

        var points = ids.Select(id => HashToCurve.Map(id)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(points.Select(p => p.IsValid() && !p.IsInfinity), Is.All.True);
            Assert.That(points.Select(p => p.Normalize().AffineYCoord.TestBitZero()), Is.All.False);
            Assert.That(points.Select(p => Convert.ToHexString(Secp256k1.Encode(p))).Distinct().Count(), Is.EqualTo(ids.Length));
            Assert.That(HashToCurve.Map(ids[7]), Is.EqualTo(points[7]));
        });
    }

    [Test]
    public void The_point_for_an_id_is_neither_the_generator_nor_a_verification_key()
    {
        var keys = CoinTestKeys.For(4).Public;

        var encoded = Secp256k1.Encode(HashToCurve.Map("id"u8));

        Assert.Multiple(() =>
        {
            Assert.That(encoded, Is.Not.EqualTo(Secp256k1.EncodedG));
            Assert.That(keys.VerificationKeys, Has.None.EqualTo(encoded));
        });
    }
}
