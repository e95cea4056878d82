using DumboFL.Core.Hashing;
using DumboFL.Learning.Swarm;

namespace DumboFL.Learning.Tests;

[TestFixture]
public sealed class SwarmCodecTests
{
    public static IEnumerable<SwarmMessage> OneOfEach()
    {
        yield return new Handshake(4, "0-1", [("0-0", Hash32.Of([1])), ("0-2", Hash32.Of([2]))]);
        yield return new BitfieldMessage(4, "0-0", 11, [0xFF, 0x05]);
        yield return new Have(4, "0-0", [3, 9, 10]);
        yield return new Interested(true);
        yield return new Choke(false);
        yield return new Request(4, "0-0", 7);
        yield return new Piece(4, "0-0", 7, [1, 2, 3, 4]);
        yield return new Cancel(4, "0-0", 7);
        yield return new KeepAlive();
    }

    [TestCaseSource(nameof(OneOfEach))]
    public void Every_message_round_trips_and_refuses_truncation_and_trailing_bytes(SwarmMessage message)
    {
        var bytes = SwarmCodec.Encode(message);
        var decoded = SwarmCodec.Decode(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(decoded.GetType(), Is.EqualTo(message.GetType()));
            Assert.That(SwarmCodec.Encode(decoded), Is.EqualTo(bytes));
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.That(SwarmCodec.TryDecode(bytes.AsSpan(0, length), out _, out _), Is.False, $"prefix of {length} bytes");
            }
            Assert.That(SwarmCodec.TryDecode([.. bytes, 0], out _, out _), Is.False, "a trailing byte");
        });
    }

    [Test]
    public void Bitfields_have_one_encoding_and_indexes_stay_in_bounds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SwarmCodec.TryDecode(SwarmCodec.Encode(new BitfieldMessage(1, "c", 11, [0xFF, 0x08])), out _, out var past), Is.False, "bit 11 set for 11 chunks");
            Assert.That(past, Does.Contain("past its last chunk"));
            Assert.That(SwarmCodec.TryDecode(SwarmCodec.Encode(new BitfieldMessage(1, "c", 20, [0xFF])), out _, out _), Is.False, "too few bytes");
            Assert.That(SwarmCodec.TryDecode(SwarmCodec.Encode(new Request(1, "c", SwarmCodec.MaxChunks)), out _, out var index), Is.False);
            Assert.That(index, Does.Contain("chunk index"));
        });
    }

    [Test]
    public void Random_bytes_never_throw_anything_but_a_refusal()
    {
        var random = new Random(8);
        for (var i = 0; i < 3000; i++)
        {
            var junk = new byte[random.Next(0, 120)];
            random.NextBytes(junk);
            Assert.That(() => SwarmCodec.TryDecode(junk, out _, out _), Throws.Nothing);
        }
    }
}
