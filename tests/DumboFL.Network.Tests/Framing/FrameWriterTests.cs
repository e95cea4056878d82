using System.Buffers;
using System.Buffers.Binary;
using DumboFL.Network.Framing;
using DumboFL.Network.Wire;
using Google.Protobuf;

namespace DumboFL.Network.Tests.Framing;

public class FrameWriterTests
{
    private static IEnumerable<TestCaseData> Envelopes()
    {
        byte[] big = [.. Enumerable.Range(0, 70_000).Select(i => unchecked((byte)(i * 7)))];
        yield return new TestCaseData(1ul, new Envelope(0, 0, 0, ReadOnlyMemory<byte>.Empty)).SetName("all defaults");
        yield return new TestCaseData(127ul, new Envelope(1, 0, 1, new byte[] { 42 })).SetName("one byte payload");
        yield return new TestCaseData(128ul, new Envelope(-1, 7, 300, new byte[250])).SetName("negative channel");
        yield return new TestCaseData(ulong.MaxValue, new Envelope(int.MinValue, uint.MaxValue, ulong.MaxValue, big)).SetName("extremes, 70 kB payload");
        yield return new TestCaseData(1ul << 35, new Envelope(int.MaxValue, 1, 1ul << 40, big.AsMemory(5, 1000))).SetName("payload slice of a larger array");
    }

    [TestCaseSource(nameof(Envelopes))]
    public void Data_frames_are_byte_identical_to_the_generated_encoding(ulong seq, Envelope envelope)
    {
        var expected = new Frame
        {
            Data = new Data
            {
                Seq = seq,
                Envelope = new Wire.Envelope
                {
                    Channel = envelope.Channel,
                    Shard = envelope.Shard,
                    Epoch = envelope.Epoch,
                    Payload = ByteString.CopyFrom(envelope.Payload.Span),
                },
            },
        }.ToByteArray();
        var writer = new ArrayBufferWriter<byte>();

        FrameWriter.WriteData(writer, seq, envelope);

        var written = writer.WrittenSpan.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(written), Is.EqualTo((uint)expected.Length), "prefix");
            Assert.That(written[4..], Is.EqualTo(expected), "body");
            Assert.That(FrameWriter.DataFrameBodySize(seq, envelope), Is.EqualTo(expected.Length), "computed size");
        });
    }

    [TestCaseSource(nameof(Envelopes))]
    public void Data_frames_decode_to_the_envelope_that_was_written(ulong seq, Envelope envelope)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteData(writer, seq, envelope);

        var decoded = FrameCodec.TryDecode(new ReadOnlySequence<byte>(writer.WrittenMemory[4..]), out var frame);

        Assert.That(decoded, Is.True);
        var back = FrameCodec.ToEnvelope(frame.Data.Envelope);
        Assert.Multiple(() =>
        {
            Assert.That(frame.Data.Seq, Is.EqualTo(seq));
            Assert.That((back.Channel, back.Shard, back.Epoch), Is.EqualTo((envelope.Channel, envelope.Shard, envelope.Epoch)));
            Assert.That(back.Payload.ToArray(), Is.EqualTo(envelope.Payload.ToArray()));
        });
    }

    [Test]
    public void Writing_a_frame_does_not_touch_the_shared_payload()
    {
        var payload = new byte[] { 1, 2, 3, 4, 5 };
        var writer = new ArrayBufferWriter<byte>();

        FrameWriter.WriteData(writer, 1, new Envelope(1, 0, 0, payload));
        FrameWriter.WriteData(writer, 2, new Envelope(1, 0, 0, payload));

        Assert.That(payload, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
    }

    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, TestName = "overlong varint tag")]
    [TestCase(new byte[] { 0x1A, 0x05, 0x08 }, TestName = "truncated Data")]
    [TestCase(new byte[] { 0x08, 0x01 }, TestName = "only an unknown field, no oneof")]
    [TestCase(new byte[] { 0x1A, 0x02, 0x08, 0x01 }, TestName = "Data without an envelope")]
    [TestCase(new byte[] { 0x0F }, TestName = "invalid wire type")]
    public void Undecodable_or_empty_frames_are_refused(byte[] body)
    {
        Assert.That(FrameCodec.TryDecode(new ReadOnlySequence<byte>(body), out _), Is.False);
    }

    [Test]
    public void Random_bodies_never_throw_out_of_the_decoder()
    {
        var random = new Random(20240611);
        var body = new byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(body);
            var length = random.Next(1, body.Length);
            Assert.That(() => FrameCodec.TryDecode(new ReadOnlySequence<byte>(body, 0, length), out _), Throws.Nothing,
                $"seed 20240611, iteration {i}");
        }
    }
}
