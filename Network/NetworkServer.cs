using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DumboFL.Network.Inbound;

namespace DumboFL.Network;

/// <summary>
/// This node's listening side: accepts TCP connections, runs TLS as server with pinned cluster keys, and
/// serves each authenticated peer's link (Hello, deliver Data into the inbound queue, Ack, Pong).
/// Created and owned by <see cref="Transport"/>.
/// </summary>
public sealed partial class NetworkServer : IAsyncDisposable
{
    private readonly InboundContext _context;
    private readonly ConcurrentDictionary<InboundConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lifecycle = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    internal NetworkServer(InboundContext context) => _context = context;

    /// <summary>Where the server listens; known once it is bound (port 0 becomes the port the OS chose).</summary>
    public IPEndPoint LocalEndPoint =>
        (IPEndPoint?)_listener?.LocalEndPoint ?? throw new InvalidOperationException("the server is not listening yet");

    internal bool IsListening => _listener is not null;

    /// <summary>Binds and listens; accepting starts with <see cref="Start"/>. Connections made in between wait in
    /// the backlog.</summary>
    internal void Listen(IPEndPoint endpoint)
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_listener is not null)
            {
                return;
            }
            var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(endpoint);
                listener.Listen(512);
            }
            catch
            {
                listener.Dispose();
                throw;
            }
            _listener = listener;
        }
    }

    internal void Start()
    {
        lock (_lifecycle)
        {
            var listener = _listener ?? throw new InvalidOperationException("Listen before Start");
            if (_acceptLoop == Task.CompletedTask && Volatile.Read(ref _disposed) == 0)
            {
                _acceptLoop = AcceptLoopAsync(listener, _stop.Token);
            }
        }
    }

    /// <summary>Test hook: drop the current connection from <paramref name="peerId"/> as a network fault would.</summary>
    internal void AbortInbound(string peerId)
    {
        if (_context.Sessions.TryGetValue(peerId, out var session))
        {
            session.Active?.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Task acceptLoop;
        lock (_lifecycle)
        {
            acceptLoop = _acceptLoop;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await acceptLoop.ConfigureAwait(false);
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _stop.Dispose();
    }
}
