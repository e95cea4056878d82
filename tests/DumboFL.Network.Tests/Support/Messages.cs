using System.Buffers.Binary;

namespace DumboFL.Network.Tests.Support;

/// <summary>Numbered test payloads: the first 8 bytes carry the number, the rest is filler.</summary>
internal static class Messages
{
    public const int ConsensusChannel = 1;

    public static Envelope Numbered(long number, int size = 16, uint shard = 0)
    {
        var payload = new byte[Math.Max(size, 8)];
        BinaryPrimitives.WriteInt64LittleEndian(payload, number);
        payload.AsSpan(8).Fill(unchecked((byte)number));
        return new Envelope(ConsensusChannel, shard, (ulong)number, payload);
    }

    public static long NumberOf(InboundMessage message) => BinaryPrimitives.ReadInt64LittleEndian(message.Envelope.Payload.Span);
}
