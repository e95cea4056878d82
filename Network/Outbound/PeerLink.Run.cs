using DumboFL.Network.Connections;

namespace DumboFL.Network.Outbound;

internal sealed partial class PeerLink
{
    /// <summary>Keeps one connection to the peer up until disposed. Never throws.</summary>
    private async Task RunAsync(CancellationToken stop)
    {
        // Off the caller's thread: StartAsync must not run the first TLS handshake inline.
        await Task.Yield();
        var time = _context.Options.Time;
        var failures = 0;
        var everEstablished = false;
        while (!stop.IsCancellationRequested)
        {
            _stats.SetState(LinkState.Connecting, time.GetTimestamp());
            TlsConnection? connection = null;
            try
            {
                connection = await ConnectAsync(stop).ConfigureAwait(false);
                var established = time.GetTimestamp();
                _stats.SetState(LinkState.Established, established);
                _context.Counters.ConnectionEstablished();
                if (everEstablished)
                {
                    _stats.Reconnected();
                }
                everEstablished = true;
                await RunConnectionAsync(connection, stop).ConfigureAwait(false);
                // A connection that breaks soon after it was made counts as a failed attempt, so a peer that
                // accepts and drops us at once is redialled with growing delays, not every ReconnectMin.
                failures = time.GetElapsedTime(established) < _context.Options.ReconnectMax ? failures + 1 : 0;
            }
            catch (Exception e) when (ConnectionEnd.Is(e) || e is HandshakeRefusedException)
            {
                if (!stop.IsCancellationRequested)
                {
                    _context.Counters.ConnectFailed();
                    failures++;
                }
            }
            catch (Exception)
            {
                _context.Counters.UnexpectedError();
                failures++;
            }
            finally
            {
                _current = null;
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
            if (stop.IsCancellationRequested)
            {
                break;
            }
            _stats.SetState(LinkState.Error, time.GetTimestamp());
            // After a connection that had worked for a while broke, the first redial comes after about ReconnectMin.
            var delay = Backoff.Delay(Math.Max(0, failures - 1), _context.Options.ReconnectMin,
                _context.Options.ReconnectMax, Random.Shared.NextDouble());
            try
            {
                await Task.Delay(delay, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Runs the writer and the reader until either ends, then stops the other.</summary>
    private async Task RunConnectionAsync(TlsConnection connection, CancellationToken stop)
    {
        using var connectionEnd = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _pingDue = true;
        var writer = WriteLoopAsync(connection, connectionEnd.Token);
        var reader = ReadLoopAsync(connection, connectionEnd.Token);
        await Task.WhenAny(writer, reader).ConfigureAwait(false);
        await connectionEnd.CancelAsync().ConfigureAwait(false);
        connection.Abort();
        await Task.WhenAll(writer, reader).ConfigureAwait(false);
    }
}
