using DumboFL.Core.Coin;

namespace DumboFL.Core.Tests.Coin;

public class CoinEncodingTests
{
    // Offset of the first point in a key set: tag (u32 length + UTF-8), u32 n, u32 threshold.
    private static readonly int PointsStart = 4 + System.Text.Encoding.UTF8.GetByteCount(CoinTags.KeySet) + 8;
    private const int PointField = 4 + CoinShare.PointSize;

    [TestCase(4)]
    [TestCase(10)]
    public void A_key_set_round_trips(int n)
    {
        var keys = CoinTestKeys.For(n).Public;

        var decoded = CoinKeySet.Decode(keys.Encode());

        Assert.Multiple(() =>
        {
            Assert.That(decoded.N, Is.EqualTo(keys.N));
            Assert.That(decoded.Threshold, Is.EqualTo(keys.Threshold));
            Assert.That(decoded.GroupKey, Is.EqualTo(keys.GroupKey));
            Assert.That(decoded.VerificationKeys, Is.EqualTo(keys.VerificationKeys));
            Assert.That(decoded.Encode(), Is.EqualTo(keys.Encode()));
        });
    }

    [Test]
    public void A_secret_key_round_trips_and_still_makes_the_same_shares()
    {
        var keys = CoinTestKeys.For(4);
        var secret = keys.Secrets[3];
        var coin = new ThresholdCoin(CoinKeySet.Decode(keys.Public.Encode()));

        var decoded = CoinSecretKey.Decode(secret.Encode());
        var share = coin.CreateShare(decoded, "id"u8);

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Index, Is.EqualTo(3));
            Assert.That(decoded.Encode(), Is.EqualTo(secret.Encode()));
            Assert.That(share.Point, Is.EqualTo(new ThresholdCoin(keys.Public).CreateShare(secret, "id"u8).Point));
            Assert.That(new ThresholdCoin(keys.Public).VerifyShare("id"u8, share), Is.True);
        });
    }

    [Test]
    public void Mutating_the_verification_keys_a_caller_sees_does_not_change_the_key_set()
    {
        var (keys, _) = CoinDealer.Deal(4, 2, "mutate"u8);
        var before = keys.Encode();

        keys.VerificationKeys[0][5] ^= 0xFF;
        keys.GroupKey[5] ^= 0xFF;

        Assert.That(keys.Encode(), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> BrokenKeySets()
    {
        var good = CoinTestKeys.For(4).Public.Encode();
        var otherGroup = CoinDealer.Deal(4, 2, "other"u8).Public.GroupKey;
        byte[] With(Action<byte[]> change)
        {
            var copy = (byte[])good.Clone();
            change(copy);
            return copy;
        }
        void SetU32(byte[] b, int offset, uint value) => BitConverter.TryWriteBytes(b.AsSpan(offset), value);
        var nOffset = PointsStart - 8;

        yield return new TestCaseData(Array.Empty<byte>()).SetName("Empty key set");
        yield return new TestCaseData(good[..^1]).SetName("Truncated key set");
        yield return new TestCaseData((byte[])[.. good, 0]).SetName("Key set with a trailing byte");
        yield return new TestCaseData(With(b => b[6] ^= 0x20)).SetName("Key set with a wrong tag");
        yield return new TestCaseData(CoinTestKeys.For(4).Secrets[0].Encode()).SetName("Secret key decoded as a key set");
        yield return new TestCaseData(With(b => SetU32(b, nOffset, 0))).SetName("Key set with n = 0");
        yield return new TestCaseData(With(b => SetU32(b, nOffset, 5))).SetName("Key set whose n disagrees with its length");
        yield return new TestCaseData(With(b => SetU32(b, nOffset, uint.MaxValue))).SetName("Key set with a huge n");
        yield return new TestCaseData(With(b => SetU32(b, nOffset + 4, 0))).SetName("Key set with threshold 0");
        yield return new TestCaseData(With(b => SetU32(b, nOffset + 4, 5))).SetName("Key set with threshold above n");
        yield return new TestCaseData(With(b => SetU32(b, PointsStart, 32))).SetName("Key set with a short point field");
        yield return new TestCaseData(With(b => b[PointsStart + 4] = 0x04)).SetName("Key set with a bad point prefix");
        yield return new TestCaseData(With(b => b.AsSpan(PointsStart + 5, 32).Fill(0xFF))).SetName("Key set with x above p");
        yield return new TestCaseData(With(b => otherGroup.CopyTo(b, PointsStart + 4))).SetName("Key set with a foreign group key");
        yield return new TestCaseData(With(b =>
        {
            // Swap the verification keys of nodes 0 and 1: each point is valid, the polynomial is not.
            var first = b.AsSpan(PointsStart + PointField, PointField).ToArray();
            b.AsSpan(PointsStart + (2 * PointField), PointField).CopyTo(b.AsSpan(PointsStart + PointField));
            first.CopyTo(b, PointsStart + (2 * PointField));
        })).SetName("Key set with two verification keys swapped");
        yield return new TestCaseData(With(b => b[PointsStart + (4 * PointField) + 4] ^= 0x01)).SetName("Key set with a negated verification key");
    }

    [TestCaseSource(nameof(BrokenKeySets))]
    public void Decode_rejects_a_broken_key_set(byte[] bytes)
    {
        Assert.That(() => CoinKeySet.Decode(bytes), Throws.TypeOf<FormatException>());
    }

    private static IEnumerable<TestCaseData> BrokenSecretKeys()
    {
        var good = CoinTestKeys.For(4).Secrets[2].Encode();
        var scalarStart = good.Length - 32;
        byte[] With(Action<byte[]> change)
        {
            var copy = (byte[])good.Clone();
            change(copy);
            return copy;
        }

        yield return new TestCaseData(Array.Empty<byte>()).SetName("Empty secret key");
        yield return new TestCaseData(good[..^1]).SetName("Truncated secret key");
        yield return new TestCaseData((byte[])[.. good, 0]).SetName("Secret key with a trailing byte");
        yield return new TestCaseData(CoinTestKeys.For(4).Public.Encode()).SetName("Key set decoded as a secret key");
        yield return new TestCaseData(With(b => b.AsSpan(scalarStart).Clear())).SetName("Zero secret key");
        yield return new TestCaseData(With(b => b.AsSpan(scalarStart).Fill(0xFF))).SetName("Secret key above the order");
        yield return new TestCaseData(With(b => Secp256k1.EncodeScalar(Secp256k1.Order).CopyTo(b, scalarStart))).SetName("Secret key equal to the order");
        yield return new TestCaseData(With(b => b[scalarStart - 5] = 0xFF)).SetName("Secret key with an absurd index");
        yield return new TestCaseData(With(b => b[scalarStart - 4] = 31)).SetName("Secret key with a short scalar field");
    }

    [TestCaseSource(nameof(BrokenSecretKeys))]
    public void Decode_rejects_a_broken_secret_key(byte[] bytes)
    {
        Assert.That(() => CoinSecretKey.Decode(bytes), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Decode_rejects_random_garbage_with_FormatException()
    {
        const int seed = 7_331;
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(300)];
            random.NextBytes(bytes);

            Assert.That(() => CoinKeySet.Decode(bytes), Throws.TypeOf<FormatException>(), $"seed {seed}, case {i}");
            Assert.That(() => CoinSecretKey.Decode(bytes), Throws.TypeOf<FormatException>(), $"seed {seed}, case {i}");
        }
    }
}
