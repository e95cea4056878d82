using DumboFL.Network.Connections;
using DumboFL.Network.Wire;

namespace DumboFL.Network.Outbound;

internal sealed partial class PeerLink : IFrameSink
{
    /// <summary>Reads the peer's Acks and Pongs; nothing arriving for IdleTimeout means the peer is gone.</summary>
    private async Task ReadLoopAsync(TlsConnection connection, CancellationToken ct)
    {
        try
        {
            using var idle = new IdleWatch(_context.Options.Time, _context.Options.IdleTimeout, () =>
            {
                _context.Counters.IdleTimeout();
                connection.Abort();
            });
            await FrameReading.RunLoopAsync(connection.Reader, this, _context.Options.MaxFrameBytes,
                _context.Counters, idle, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectionEnd.Is(e))
        {
            // The connection ended; the run loop decides what comes next.
        }
        catch (Exception)
        {
            _context.Counters.UnexpectedError();
        }
    }

    /// <summary>A server only ever sends Ack and Pong after its HelloAck.</summary>
    public ValueTask<bool> OnFrameAsync(Frame frame, int wireBytes, CancellationToken ct)
    {
        switch (frame.KindCase)
        {
            case Frame.KindOneofCase.Ack:
                _queue.Acknowledge(frame.Ack.Seq);
                return ValueTask.FromResult(true);
            case Frame.KindOneofCase.Pong:
                var now = _context.NowNanos();
                var sent = frame.Pong.Nanos;
                // Only an echo of one of our own pings gives a time; anything else is ignored, not trusted.
                if (sent > 0 && sent <= now)
                {
                    _stats.Rtt(TimeSpan.FromTicks((now - sent) / 100));
                }
                return ValueTask.FromResult(true);
            default:
                return ValueTask.FromResult(false);
        }
    }

    public ValueTask OnBatchEndAsync(CancellationToken ct) => ValueTask.CompletedTask;
}
