using System.Net.Sockets;
using DumboFL.Network.Inbound;

namespace DumboFL.Network;

public sealed partial class NetworkServer
{
    private async Task AcceptLoopAsync(Socket listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // E.g. out of file descriptors, or a connection reset while queued: keep accepting, but not
                // in a hot loop.
                await PauseAsync(stop).ConfigureAwait(false);
                continue;
            }
            _context.Counters.ConnectionAccepted();
            if (!_context.TryBeginHandshake())
            {
                _context.Counters.HandshakeRejected();
                socket.Dispose();
                continue;
            }
            Serve(socket, stop);
        }
    }

    private void Serve(Socket socket, CancellationToken stop)
    {
        var connection = new InboundConnection(_context, socket, stop);
        // Registered before it runs, so DisposeAsync either sees it or the stop token already reached it.
        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[connection] = run.Task;
        _ = RunAndForgetAsync(connection, run);
    }

    private async Task RunAndForgetAsync(InboundConnection connection, TaskCompletionSource run)
    {
        try
        {
            // Off the accept loop's thread: the TLS handshake must not delay the next accept.
            await Task.Yield();
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            run.TrySetResult();
        }
    }

    private async Task PauseAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(_context.Options.ReconnectMin, _context.Options.Time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
