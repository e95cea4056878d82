using DumboFL.Core.Hashing;

namespace DumboFL.Core.Tests.Hashing;

public class Hash32Tests
{
    [Test]
    public void Of_matches_the_FIPS_180_2_test_vector_for_abc()
    {
        var hash = Hash32.Of("abc"u8);

        Assert.That(hash.ToHex(), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [Test]
    public void Hex_and_bytes_round_trip()
    {
        var hash = Hash32.Of("round trip"u8);

        Assert.Multiple(() =>
        {
            Assert.That(Hash32.FromHex(hash.ToHex()), Is.EqualTo(hash));
            Assert.That(new Hash32(hash.ToArray()), Is.EqualTo(hash));
            Assert.That(hash.ToString(), Is.EqualTo(hash.ToHex()[..16]));
        });
    }

    [Test]
    public void Equal_digests_are_equal_and_different_digests_are_not()
    {
        var a = Hash32.Of("a"u8);
        var alsoA = Hash32.Of("a"u8);
        var b = Hash32.Of("b"u8);

        Assert.Multiple(() =>
        {
            Assert.That(a == alsoA, Is.True);
            Assert.That(a.GetHashCode(), Is.EqualTo(alsoA.GetHashCode()));
            Assert.That(a != b, Is.True);
            Assert.That(a.Equals((object)b), Is.False);
            Assert.That(Hash32.Zero, Is.EqualTo(new Hash32(new byte[Hash32.Size])));
        });
    }

    [Test]
    public void Comparison_is_lexicographic_on_the_bytes()
    {
        var low = new byte[Hash32.Size];
        var high = new byte[Hash32.Size];
        low[31] = 0xFF;   // larger last byte ...
        high[0] = 0x01;   // ... but the first byte decides
        var lastWordOnly = new byte[Hash32.Size];
        lastWordOnly[31] = 0x01;

        Assert.Multiple(() =>
        {
            Assert.That(new Hash32(low) < new Hash32(high), Is.True);
            Assert.That(new Hash32(high).CompareTo(new Hash32(low)), Is.GreaterThan(0));
            Assert.That(Hash32.Zero < new Hash32(lastWordOnly), Is.True);
            Assert.That(new Hash32(low).CompareTo(new Hash32(low)), Is.Zero);
            Assert.That(new Hash32(high).Prefix64, Is.EqualTo(0x0100_0000_0000_0000UL));
        });
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    public void A_hash_is_exactly_32_bytes(int length)
    {
        Assert.That(() => new Hash32(new byte[length]), Throws.ArgumentException);
    }
}
