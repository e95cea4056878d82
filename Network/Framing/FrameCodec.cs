using System.Buffers;
using DumboFL.Network.Wire;
using Google.Protobuf;

namespace DumboFL.Network.Framing;

/// <summary>Decodes a frame body. Anything that is not a well-formed Frame with its oneof set is refused.</summary>
internal static class FrameCodec
{
    public static bool TryDecode(in ReadOnlySequence<byte> body, out Frame frame)
    {
        try
        {
            frame = Frame.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            frame = null!;
            return false;
        }
        return frame.KindCase switch
        {
            Frame.KindOneofCase.None => false,
            Frame.KindOneofCase.Data => frame.Data.Envelope is not null,
            _ => true,
        };
    }

    /// <summary>The transport's view of a decoded Data frame. The payload is the ByteString's own array,
    /// freshly copied out of the pipe by the parser, so it stays valid after the pipe moves on.</summary>
    public static Envelope ToEnvelope(Wire.Envelope wire) =>
        new(wire.Channel, wire.Shard, wire.Epoch, wire.Payload.Memory);
}
