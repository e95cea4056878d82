using System.Buffers;
using System.Buffers.Binary;

namespace DumboFL.Network.Framing;

/// <summary>
/// Splits a byte stream into frames: 4-byte little-endian length, then that many bytes of Protobuf
/// <c>Frame</c>. Pure: no I/O, no allocation; the read loops feed it whatever the pipe holds.
/// </summary>
internal static class FrameParser
{
    public const int PrefixSize = 4;

    /// <summary>
    /// On <see cref="FrameStatus.Complete"/>, <paramref name="body"/> is the frame's body (a slice of
    /// <paramref name="buffer"/>, not a copy) and <paramref name="buffer"/> is moved past the frame. On any
    /// other status <paramref name="buffer"/> is left as it was. The length is judged as soon as its four
    /// bytes are there, so an oversize announcement never makes the caller wait for (or buffer) its body.
    /// </summary>
    public static FrameStatus TryRead(
        ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out ReadOnlySequence<byte> body, out uint declaredLength)
    {
        body = default;
        declaredLength = 0;
        if (buffer.Length < PrefixSize)
        {
            return FrameStatus.Incomplete;
        }
        declaredLength = ReadPrefix(buffer);
        if (declaredLength == 0)
        {
            return FrameStatus.Empty;
        }
        // Compared as unsigned: a prefix of 2 GiB or more is not a negative length.
        if (declaredLength > (uint)maxFrameBytes)
        {
            return FrameStatus.Oversize;
        }
        if (buffer.Length - PrefixSize < declaredLength)
        {
            return FrameStatus.Incomplete;
        }
        body = buffer.Slice(PrefixSize, declaredLength);
        buffer = buffer.Slice(body.End);
        return FrameStatus.Complete;
    }

    private static uint ReadPrefix(in ReadOnlySequence<byte> buffer)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= PrefixSize)
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(first);
        }
        Span<byte> prefix = stackalloc byte[PrefixSize];
        buffer.Slice(0, PrefixSize).CopyTo(prefix);
        return BinaryPrimitives.ReadUInt32LittleEndian(prefix);
    }
}
