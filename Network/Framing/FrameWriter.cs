using System.Buffers;
using System.Buffers.Binary;
using DumboFL.Network.Wire;
using Google.Protobuf;

namespace DumboFL.Network.Framing;

/// <summary>
/// Encodes frames, prefix included, straight into a batch buffer. Data frames (the hot path) are written
/// by hand, field by field, byte-identical to what the generated code would produce (a test holds the two
/// together) but without building three message objects and a ByteString per send. Control frames are
/// rare (one Ack per read batch, one Ping per keep-alive) and go through the generated code.
/// </summary>
internal static class FrameWriter
{
    // Protobuf tags: (field number << 3) | wire type, wire type 0 = varint, 2 = length-delimited.
    private const byte FrameDataTag = (3 << 3) | 2;
    private const byte DataSeqTag = (1 << 3) | 0;
    private const byte DataEnvelopeTag = (2 << 3) | 2;
    private const byte EnvelopeChannelTag = (1 << 3) | 0;
    private const byte EnvelopeShardTag = (2 << 3) | 0;
    private const byte EnvelopeEpochTag = (3 << 3) | 0;
    private const byte EnvelopePayloadTag = (4 << 3) | 2;

    /// <summary>Body size (without the 4-byte prefix) of the Data frame for this envelope; long, so a
    /// near-2 GiB payload is reported rather than overflowing.</summary>
    public static long DataFrameBodySize(ulong seq, in Envelope envelope)
    {
        var data = DataSize(seq, EnvelopeSize(envelope));
        return 1 + Varint.Size((ulong)data) + data;
    }

    public static void WriteData(IBufferWriter<byte> output, ulong seq, in Envelope envelope)
    {
        var envelopeSize = EnvelopeSize(envelope);
        var dataSize = DataSize(seq, envelopeSize);
        var bodySize = checked((int)(1 + Varint.Size((ulong)dataSize) + dataSize));
        var total = FrameParser.PrefixSize + bodySize;
        var span = output.GetSpan(total);

        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)bodySize);
        var at = FrameParser.PrefixSize;
        span[at++] = FrameDataTag;
        at += Varint.Write(span[at..], (ulong)dataSize);
        if (seq != 0)
        {
            span[at++] = DataSeqTag;
            at += Varint.Write(span[at..], seq);
        }
        span[at++] = DataEnvelopeTag;
        at += Varint.Write(span[at..], (ulong)envelopeSize);
        if (envelope.Channel != 0)
        {
            span[at++] = EnvelopeChannelTag;
            at += Varint.Write(span[at..], Varint.FromInt32(envelope.Channel));
        }
        if (envelope.Shard != 0)
        {
            span[at++] = EnvelopeShardTag;
            at += Varint.Write(span[at..], envelope.Shard);
        }
        if (envelope.Epoch != 0)
        {
            span[at++] = EnvelopeEpochTag;
            at += Varint.Write(span[at..], envelope.Epoch);
        }
        var payload = envelope.Payload.Span;
        if (!payload.IsEmpty)
        {
            span[at++] = EnvelopePayloadTag;
            at += Varint.Write(span[at..], (ulong)payload.Length);
            payload.CopyTo(span[at..]);
            at += payload.Length;
        }
        output.Advance(at);
    }

    public static void WriteControl(IBufferWriter<byte> output, Frame frame)
    {
        var bodySize = frame.CalculateSize();
        var span = output.GetSpan(FrameParser.PrefixSize + bodySize);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)bodySize);
        frame.WriteTo(span.Slice(FrameParser.PrefixSize, bodySize));
        output.Advance(FrameParser.PrefixSize + bodySize);
    }

    public static void WriteAck(IBufferWriter<byte> output, ulong seq) =>
        WriteControl(output, new Frame { Ack = new Ack { Seq = seq } });

    public static void WritePing(IBufferWriter<byte> output, long nanos) =>
        WriteControl(output, new Frame { Ping = new Ping { Nanos = nanos } });

    public static void WritePong(IBufferWriter<byte> output, long nanos) =>
        WriteControl(output, new Frame { Pong = new Pong { Nanos = nanos } });

    public static void WriteHello(IBufferWriter<byte> output, string sender, ulong incarnation, uint protocolVersion) =>
        WriteControl(output, new Frame
        {
            Hello = new Hello { Sender = sender, Incarnation = incarnation, ProtocolVersion = protocolVersion },
        });

    public static void WriteHelloAck(IBufferWriter<byte> output, ulong lastDelivered) =>
        WriteControl(output, new Frame { HelloAck = new HelloAck { LastDelivered = lastDelivered } });

    private static long EnvelopeSize(in Envelope envelope)
    {
        long size = 0;
        if (envelope.Channel != 0)
        {
            size += 1 + Varint.Size(Varint.FromInt32(envelope.Channel));
        }
        if (envelope.Shard != 0)
        {
            size += 1 + Varint.Size(envelope.Shard);
        }
        if (envelope.Epoch != 0)
        {
            size += 1 + Varint.Size(envelope.Epoch);
        }
        var length = envelope.Payload.Length;
        if (length != 0)
        {
            size += 1 + Varint.Size((ulong)length) + length;
        }
        return size;
    }

    private static long DataSize(ulong seq, long envelopeSize)
    {
        long size = seq != 0 ? 1 + Varint.Size(seq) : 0;
        return size + 1 + Varint.Size((ulong)envelopeSize) + envelopeSize;
    }
}
