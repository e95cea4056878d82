using DumboFL.Network.Connections;
using DumboFL.Network.Framing;

namespace DumboFL.Network.Outbound;

internal sealed partial class PeerLink
{
    /// <summary>
    /// Writes everything unsent in batches: each batch is encoded into one reused buffer and handed to TLS
    /// in one write, so a burst of small messages costs one write, not one per message.
    /// </summary>
    private async Task WriteLoopAsync(TlsConnection connection, CancellationToken ct)
    {
        var time = _context.Options.Time;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Take the wake token first: a Send after this point leaves a new one, so none is missed.
                _wake.Reader.TryRead(out _);
                _buffer.Reset();
                if (_pingDue)
                {
                    _pingDue = false;
                    FrameWriter.WritePing(_buffer, _context.NowNanos());
                }
                var frames = _queue.TakeUnsent(_batch, MaxBatchBytes);
                for (var i = 0; i < frames; i++)
                {
                    FrameWriter.WriteData(_buffer, _batch[i].Seq, _batch[i].Envelope);
                }
                // Let go of the payloads now: the queue still holds them until acked.
                Array.Clear(_batch, 0, frames);
                if (_buffer.WrittenCount == 0)
                {
                    await _wake.Reader.WaitToReadAsync(ct).ConfigureAwait(false);
                    continue;
                }
                await connection.WriteAsync(_buffer.WrittenMemory, ct).ConfigureAwait(false);
                _stats.Sent(_buffer.WrittenCount, frames, time.GetTimestamp());
            }
        }
        catch (Exception e) when (ConnectionEnd.Is(e))
        {
            // The connection ended; the run loop reconnects and the unacked frames are sent again.
        }
        catch (Exception)
        {
            _context.Counters.UnexpectedError();
        }
    }
}
