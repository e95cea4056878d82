using System.IO.Pipelines;
using DumboFL.Network.Framing;
using DumboFL.Network.Wire;

namespace DumboFL.Network.Connections;

/// <summary>Reading frames from a connection's pipe: one at a time during the handshake, then a loop.</summary>
internal static class FrameReading
{
    /// <summary>
    /// Reads exactly one frame, leaving whatever follows it in the pipe. Null when the stream ended, or when
    /// the frame was oversize, empty or undecodable (those are counted).
    /// </summary>
    public static async ValueTask<Frame?> ReadOneAsync(
        PipeReader reader, int maxFrameBytes, NetworkCounters counters, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = FrameParser.TryRead(ref buffer, maxFrameBytes, out var body, out _);
            switch (status)
            {
                case FrameStatus.Complete:
                    var decoded = FrameCodec.TryDecode(body, out var frame);
                    reader.AdvanceTo(buffer.Start);
                    if (!decoded)
                    {
                        counters.FrameMalformed();
                        return null;
                    }
                    return frame;
                case FrameStatus.Incomplete when !result.IsCompleted && !result.IsCanceled:
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                case FrameStatus.Incomplete:
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    return null;
                default:
                    reader.AdvanceTo(buffer.Start);
                    Count(status, counters);
                    return null;
            }
        }
    }

    /// <summary>
    /// Feeds every frame to the sink until the stream ends or a frame is refused. I/O failures (the socket
    /// was closed or reset) come out as exceptions; the caller treats every ending alike: close and move on.
    /// </summary>
    public static async Task<CloseReason> RunLoopAsync(
        PipeReader reader, IFrameSink sink, int maxFrameBytes, NetworkCounters counters, IdleWatch idle,
        CancellationToken ct)
    {
        while (true)
        {
            idle.BeginWait();
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            idle.EndWait();
            var buffer = result.Buffer;
            CloseReason? refused = null;
            try
            {
                while (refused is null)
                {
                    var status = FrameParser.TryRead(ref buffer, maxFrameBytes, out var body, out var length);
                    if (status == FrameStatus.Incomplete)
                    {
                        break;
                    }
                    if (status != FrameStatus.Complete)
                    {
                        Count(status, counters);
                        refused = status == FrameStatus.Oversize ? CloseReason.Oversize : CloseReason.Malformed;
                    }
                    else if (!FrameCodec.TryDecode(body, out var frame)
                             || !await sink.OnFrameAsync(frame, FrameParser.PrefixSize + (int)length, ct).ConfigureAwait(false))
                    {
                        counters.FrameMalformed();
                        refused = CloseReason.Malformed;
                    }
                }
                if (refused is null)
                {
                    await sink.OnBatchEndAsync(ct).ConfigureAwait(false);
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            if (refused is { } reason)
            {
                return reason;
            }
            if (result.IsCompleted)
            {
                return CloseReason.PeerClosed;
            }
            if (result.IsCanceled)
            {
                return CloseReason.Aborted;
            }
        }
    }

    private static void Count(FrameStatus status, NetworkCounters counters)
    {
        if (status == FrameStatus.Oversize)
        {
            counters.FrameOversize();
        }
        else
        {
            counters.FrameMalformed();
        }
    }
}
