using System.Buffers;

namespace DumboFL.Network.Tests.Support;

/// <summary>Builds a ReadOnlySequence from several separate arrays, the way a pipe hands over data that
/// arrived in pieces.</summary>
internal static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Of(params byte[][] pieces)
    {
        var nonEmpty = pieces.Where(p => p.Length > 0).ToArray();
        if (nonEmpty.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        foreach (var piece in nonEmpty.Skip(1))
        {
            last = last.Append(piece);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Every byte in a segment of its own.</summary>
    public static ReadOnlySequence<byte> ByteByByte(byte[] bytes) => Of(bytes.Select(b => new[] { b }).ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
