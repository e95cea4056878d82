using DumboFL.Core.Coin;

namespace DumboFL.Core.Tests.Coin;

public class ShareVerificationTests
{
    private static readonly byte[] CoinId = "epoch 3 / aba 0 / round 1"u8.ToArray();
    private static readonly byte[] OrderBytes = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    private static readonly byte[] FieldPrimeX = [0x02, .. Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F")];

    private CoinTestKeys _keys = null!;
    private ThresholdCoin _coin = null!;
    private CoinShare[] _shares = [];

    [OneTimeSetUp]
    public void CreateShares()
    {
        _keys = CoinTestKeys.For(4);
        _coin = new ThresholdCoin(_keys.Public);
        _shares = _keys.AllShares(_coin, CoinId);
    }

    private CoinShare Valid => _shares[1];

    [Test]
    public void Every_honest_share_verifies()
    {
        Assert.That(_shares.Select(s => _coin.VerifyShare(CoinId, s)), Is.All.True);
    }

    [Test]
    public void A_tampered_challenge_is_rejected()
    {
        Assert.That(_coin.VerifyShare(CoinId, Valid with { Challenge = Flip(Valid.Challenge, 31) }), Is.False);
    }

    [Test]
    public void A_tampered_response_is_rejected()
    {
        Assert.That(_coin.VerifyShare(CoinId, Valid with { Response = Flip(Valid.Response, 0) }), Is.False);
    }

    [Test]
    public void A_valid_point_that_is_not_the_signers_share_is_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_coin.VerifyShare(CoinId, Valid with { Point = _shares[2].Point }), Is.False);
            Assert.That(_coin.VerifyShare(CoinId, Valid with { Point = Flip(Valid.Point, 0) }), Is.False); // y of the other parity
        });
    }

    [Test]
    public void A_share_made_for_another_coin_id_is_rejected()
    {
        var share = _coin.CreateShare(_keys.Secrets[1], "epoch 3 / aba 0 / round 2"u8);

        Assert.Multiple(() =>
        {
            Assert.That(_coin.VerifyShare("epoch 3 / aba 0 / round 2"u8, share), Is.True);
            Assert.That(_coin.VerifyShare(CoinId, share), Is.False);
        });
    }

    [Test]
    public void A_share_claimed_by_another_signer_is_rejected()
    {
        Assert.That(_coin.VerifyShare(CoinId, Valid with { Signer = 2 }), Is.False);
    }

    [Test]
    public void A_share_is_rejected_by_a_coin_with_other_keys()
    {
        var (otherKeys, _) = CoinDealer.Deal(4, 2, "other shard"u8);

        Assert.That(new ThresholdCoin(otherKeys).VerifyShare(CoinId, Valid), Is.False);
    }

    [TestCase(-1)]
    [TestCase(4)]
    [TestCase(int.MaxValue)]
    [TestCase(int.MinValue)]
    public void A_signer_outside_the_committee_is_rejected(int signer)
    {
        Assert.That(_coin.VerifyShare(CoinId, Valid with { Signer = signer }), Is.False);
    }

    private static IEnumerable<TestCaseData> MalformedShares()
    {
        byte[] Repeat(byte b, int count) => Enumerable.Repeat(b, count).ToArray();
        yield return new TestCaseData("point", Array.Empty<byte>()).SetName("Empty point");
        yield return new TestCaseData("point", new byte[32]).SetName("32-byte point");
        yield return new TestCaseData("point", new byte[34]).SetName("34-byte point");
        yield return new TestCaseData("point", new byte[33]).SetName("Point with prefix 00");
        yield return new TestCaseData("point", (byte[])[0x04, .. new byte[32]]).SetName("Point with uncompressed prefix");
        yield return new TestCaseData("point", (byte[])[0x02, .. Repeat(0xFF, 32)]).SetName("Point with x above p");
        yield return new TestCaseData("point", FieldPrimeX).SetName("Point with x equal to p");
        yield return new TestCaseData("point", OffCurveX()).SetName("Point with x not on the curve");
        yield return new TestCaseData("point", new byte[65]).SetName("65-byte point");
        yield return new TestCaseData("challenge", new byte[31]).SetName("31-byte challenge");
        yield return new TestCaseData("challenge", new byte[33]).SetName("33-byte challenge");
        yield return new TestCaseData("challenge", OrderBytes).SetName("Challenge equal to the order");
        yield return new TestCaseData("challenge", Repeat(0xFF, 32)).SetName("Challenge above the order");
        yield return new TestCaseData("response", Array.Empty<byte>()).SetName("Empty response");
        yield return new TestCaseData("response", OrderBytes).SetName("Response equal to the order");
        yield return new TestCaseData("response", Repeat(0xFF, 32)).SetName("Response above the order");
        yield return new TestCaseData("response", new byte[32]).SetName("Zero response");
    }

    [TestCaseSource(nameof(MalformedShares))]
    public void Malformed_fields_make_the_share_invalid_without_throwing(string field, byte[] bytes)
    {
        var share = field switch
        {
            "point" => Valid with { Point = bytes },
            "challenge" => Valid with { Challenge = bytes },
            _ => Valid with { Response = bytes },
        };

        Assert.That(_coin.VerifyShare(CoinId, share), Is.False);
    }

    [Test]
    public void Null_share_or_null_fields_are_invalid_without_throwing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_coin.VerifyShare(CoinId, null!), Is.False);
            Assert.That(_coin.VerifyShare(CoinId, Valid with { Point = null! }), Is.False);
            Assert.That(_coin.VerifyShare(CoinId, Valid with { Challenge = null! }), Is.False);
            Assert.That(_coin.VerifyShare(CoinId, Valid with { Response = null! }), Is.False);
        });
    }

    [Test]
    public void Random_garbage_shares_are_invalid_without_throwing()
    {
        const int seed = 20_240_917;
        var random = new Random(seed);
        byte[] Garbage(int typical) => random.Next(4) == 0 ? new byte[random.Next(70)] : RandomBytes(random, typical);

        var accepted = Enumerable.Range(0, 100)
            .Select(_ => new CoinShare(random.Next(-1, 5), Garbage(33), Garbage(32), Garbage(32)))
            .Count(share => _coin.VerifyShare(CoinId, share));

        Assert.That(accepted, Is.Zero, $"seed {seed}");
    }

    // The smallest x for which x³ + 7 is not a square mod p: no point of the curve has it.
    private static byte[] OffCurveX()
    {
        var x = Enumerable.Range(1, 100).First(i => Secp256k1.LiftX(Org.BouncyCastle.Math.BigInteger.ValueOf(i), oddY: false) is null);
        return [0x02, .. new byte[31], (byte)x];
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (length == CoinShare.PointSize)
        {
            bytes[0] = (byte)(2 + random.Next(2)); // a well-formed prefix, so decoding gets as far as the curve equation
        }
        return bytes;
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
