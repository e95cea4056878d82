using DumboFL.Core.Coin;
using DumboFL.Core.Hashing;

namespace DumboFL.Core.Tests.Coin;

public class CoinValueTests
{
    private static readonly CoinValue Value = new(Hash32.FromHex("8123456789abcdef00112233445566778899aabbccddeeff0f1e2d3c4b5a6978"));

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(16)]
    [TestCase(1_000_003)]
    [TestCase(int.MaxValue)]
    public void ToIndex_is_the_whole_digest_modulo_n(int n)
    {
        var digest = new System.Numerics.BigInteger(Value.Digest.ToArray(), isUnsigned: true, isBigEndian: true);

        Assert.That(Value.ToIndex(n), Is.EqualTo((int)(digest % n)));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void ToIndex_needs_at_least_one_choice(int n)
    {
        Assert.That(() => Value.ToIndex(n), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ToBit_and_ToUInt64_read_the_start_of_the_digest()
    {
        var zeroFirstBit = new CoinValue(Hash32.FromHex("7fffffffffffffff" + new string('f', 48)));

        Assert.Multiple(() =>
        {
            Assert.That(Value.ToUInt64(), Is.EqualTo(0x8123456789abcdefUL));
            Assert.That(Value.ToBit(), Is.True);
            Assert.That(zeroFirstBit.ToBit(), Is.False);
        });
    }
}
