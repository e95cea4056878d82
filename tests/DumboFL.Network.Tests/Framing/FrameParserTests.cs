using System.Buffers;
using System.Buffers.Binary;
using DumboFL.Network.Framing;
using DumboFL.Network.Tests.Support;
using DumboFL.Network.Wire;
using Google.Protobuf;

namespace DumboFL.Network.Tests.Framing;

public class FrameParserTests
{
    private const int Max = 1024 * 1024;

    private static readonly Frame[] Sample =
    [
        new() { Hello = new Hello { Sender = "0-1", Incarnation = 0xDEADBEEF12345678, ProtocolVersion = 1 } },
        new() { Data = new Data { Seq = 1, Envelope = new Wire.Envelope { Channel = 1, Shard = 2, Epoch = 3 } } },
        new()
        {
            Data = new Data
            {
                Seq = 300,
                Envelope = new Wire.Envelope { Channel = 4, Payload = ByteString.CopyFrom(Enumerable.Range(0, 300).Select(i => unchecked((byte)i)).ToArray()) },
            },
        },
        new() { Ack = new Ack { Seq = 300 } },
        new() { Ping = new Ping { Nanos = 123456789 } },
        new() { Pong = new Pong { Nanos = 1 } },
        new() { HelloAck = new HelloAck() },
    ];

    [Test]
    public void Parses_the_same_frames_whatever_the_split_between_two_segments()
    {
        var stream = Encode(Sample);
        for (var split = 0; split <= stream.Length; split++)
        {
            var sequence = SegmentedSequence.Of(stream[..split], stream[split..]);

            var frames = ParseAll(ref sequence);

            Assert.That(frames, Is.EqualTo(Sample), $"split at {split}");
            Assert.That(sequence.Length, Is.Zero, $"split at {split}: bytes left over");
        }
    }

    [Test]
    public void Parses_the_same_frames_when_the_bytes_arrive_in_two_reads_split_anywhere()
    {
        var stream = Encode(Sample);
        for (var split = 0; split <= stream.Length; split++)
        {
            // First read: only the bytes up to the split; the parser must stop cleanly at a partial frame.
            var first = new ReadOnlySequence<byte>(stream, 0, split);
            var frames = ParseAll(ref first);
            var consumed = split - (int)first.Length;
            // Second read: what was not consumed plus everything after it, as a pipe would present it.
            var second = SegmentedSequence.Of(stream[consumed..split], stream[split..]);
            frames.AddRange(ParseAll(ref second));

            Assert.That(frames, Is.EqualTo(Sample), $"split at {split}");
        }
    }

    [Test]
    public void Parses_frames_delivered_one_byte_per_segment()
    {
        var sequence = SegmentedSequence.ByteByByte(Encode(Sample));

        Assert.That(ParseAll(ref sequence), Is.EqualTo(Sample));
    }

    [TestCase(0u)]
    [TestCase(1u)]
    [TestCase(3u)]
    public void Fewer_than_four_bytes_are_incomplete_and_nothing_is_consumed(uint length)
    {
        var sequence = new ReadOnlySequence<byte>(new byte[length]);

        var status = FrameParser.TryRead(ref sequence, Max, out _, out _);

        Assert.That(status, Is.EqualTo(FrameStatus.Incomplete));
        Assert.That(sequence.Length, Is.EqualTo(length));
    }

    [TestCase(0x7FFFFFFFu)]
    [TestCase(0x80000000u)]
    [TestCase(0x80000001u)]
    [TestCase(0xFFFFFFFFu)]
    [TestCase((uint)Max + 1)]
    public void An_oversize_prefix_is_refused_on_its_four_bytes_without_allocating(uint declared)
    {
        // Only the prefix is there: an oversize verdict must not wait for (or make room for) a body.
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, declared);
        var sequence = new ReadOnlySequence<byte>(prefix);
        FrameParser.TryRead(ref sequence, Max, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var status = FrameStatus.Complete;
        uint seen = 0;
        for (var i = 0; i < 1000; i++)
        {
            status = FrameParser.TryRead(ref sequence, Max, out _, out seen);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(FrameStatus.Oversize));
            Assert.That(seen, Is.EqualTo(declared));
            Assert.That(sequence.Length, Is.EqualTo(4), "nothing consumed");
            Assert.That(allocated, Is.LessThan(1024), "bytes allocated by 1000 oversize verdicts");
        });
    }

    [Test]
    public void A_prefix_split_over_segments_is_still_judged_on_four_bytes()
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, 0x7FFFFFFF);
        var sequence = SegmentedSequence.ByteByByte(prefix);

        Assert.That(FrameParser.TryRead(ref sequence, Max, out _, out _), Is.EqualTo(FrameStatus.Oversize));
    }

    [Test]
    public void A_frame_of_exactly_the_maximum_waits_for_its_body()
    {
        var prefix = new byte[4 + 10];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, Max);
        var sequence = new ReadOnlySequence<byte>(prefix);

        Assert.That(FrameParser.TryRead(ref sequence, Max, out _, out _), Is.EqualTo(FrameStatus.Incomplete));
    }

    [Test]
    public void A_zero_length_prefix_is_refused()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 8, 1 });

        Assert.That(FrameParser.TryRead(ref sequence, Max, out _, out _), Is.EqualTo(FrameStatus.Empty));
    }

    private static List<Frame> ParseAll(ref ReadOnlySequence<byte> sequence)
    {
        var frames = new List<Frame>();
        FrameStatus status;
        while ((status = FrameParser.TryRead(ref sequence, Max, out var body, out _)) == FrameStatus.Complete)
        {
            Assert.That(FrameCodec.TryDecode(body, out var frame), Is.True);
            frames.Add(frame);
        }
        Assert.That(status, Is.EqualTo(FrameStatus.Incomplete));
        return frames;
    }

    private static byte[] Encode(IEnumerable<Frame> frames)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
        {
            FrameWriter.WriteControl(writer, frame);
        }
        return writer.WrittenSpan.ToArray();
    }
}
