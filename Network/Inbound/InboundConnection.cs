using System.Net.Sockets;
using DumboFL.Network.Connections;
using DumboFL.Network.Framing;
using DumboFL.Network.Wire;

namespace DumboFL.Network.Inbound;

/// <summary>
/// The server's side of one peer's link: TLS as server, Hello, takeover of the sender's session, HelloAck,
/// then a read loop delivering Data into the inbound queue and answering with Acks and Pongs. Every way
/// this can end is caught here; the task it runs as never faults.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "Owns its socket, buffer and token for exactly the run of RunAsync, which disposes them on every path.")]
internal sealed partial class InboundConnection : IFrameSink
{
    private readonly InboundContext _context;
    private readonly TlsConnection _connection;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort;
    private readonly PooledBufferWriter _out = new();
    private ReceiverSession? _session;
    private PeerStats? _stats;
    private bool _ackDue;

    public InboundConnection(InboundContext context, Socket socket, CancellationToken stop)
    {
        _context = context;
        _connection = new TlsConnection(socket);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(stop);
    }

    /// <summary>Completes when this connection has stopped reading and delivering.</summary>
    public Task Ended => _ended.Task;

    public string? PeerId => _session?.PeerId;

    /// <summary>Closes the socket and cancels whatever the connection waits for (e.g. room in the queue).</summary>
    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
        _connection.Abort();
    }

    public async Task RunAsync()
    {
        var ct = _abort.Token;
        try
        {
            if (await HandshakeAsync(ct).ConfigureAwait(false))
            {
                await ServeAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (ConnectionEnd.Is(e))
        {
            // The connection broke, was aborted, or the server is stopping: nothing to do but close it.
        }
        catch (Exception)
        {
            // A bug, not a network event; counted so that tests and metrics see it, never thrown out of a worker.
            _context.Counters.UnexpectedError();
        }
        finally
        {
            _session?.Release(this);
            _out.Dispose();
            await _connection.DisposeAsync().ConfigureAwait(false);
            _abort.Dispose();
            _ended.TrySetResult();
        }
    }

    /// <summary>TLS, then Hello, all within the handshake timeout. False (counted) when refused.</summary>
    private async Task<bool> HandshakeAsync(CancellationToken stop)
    {
        var options = _context.Options;
        string? peerId;
        Frame? hello;
        using (var timeout = new CancellationTokenSource(options.HandshakeTimeout, options.Time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token))
        {
            try
            {
                await _connection.Ssl.AuthenticateAsServerAsync(_context.Tls.ServerOptions(), linked.Token)
                    .ConfigureAwait(false);
                // The validation callback let only cluster keys through; find which node this one is.
                peerId = _context.Trust.Identify(_connection.Ssl.RemoteCertificate);
                hello = peerId is null
                    ? null
                    : await FrameReading.ReadOneAsync(_connection.Reader, options.MaxFrameBytes, _context.Counters, linked.Token)
                        .ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested && ConnectionEnd.Is(e))
            {
                // TLS refused (wrong key, garbage, old protocol), or nothing sensible arrived in time.
                _context.Counters.HandshakeRejected();
                return false;
            }
            finally
            {
                _context.HandshakeEnded();
            }
        }
        if (peerId is null || hello is null)
        {
            // Oversize/malformed first frames were counted as such by the reader; the rest is a bad handshake.
            if (peerId is null)
            {
                _context.Counters.HandshakeRejected();
            }
            return false;
        }
        if (hello.KindCase != Frame.KindOneofCase.Hello)
        {
            _context.Counters.FrameMalformed();
            return false;
        }
        if (hello.Hello.Sender != peerId || hello.Hello.ProtocolVersion != Protocol.Version
            || hello.Hello.Incarnation == 0 || !_context.Sessions.TryGetValue(peerId, out var session))
        {
            _context.Counters.HandshakeRejected();
            return false;
        }
        await TakeOverAsync(session, hello.Hello.Incarnation, stop).ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends the sender's previous connection (a half-open one the sender already gave up on) and
    /// waits for its loop to stop before answering, so the HelloAck reports a number nothing will raise.</summary>
    private async Task TakeOverAsync(ReceiverSession session, ulong incarnation, CancellationToken stop)
    {
        await session.Handover.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            if (session.Active is { } previous)
            {
                previous.Abort();
                await previous.Ended.WaitAsync(stop).ConfigureAwait(false);
            }
            session.TakeOver(this, incarnation);
            _session = session;
            _stats = _context.Stats[session.PeerId];
        }
        finally
        {
            session.Handover.Release();
        }
        FrameWriter.WriteHelloAck(_out, session.LastDelivered);
        await FlushAsync(stop).ConfigureAwait(false);
    }

    private async Task ServeAsync(CancellationToken stop)
    {
        using var idle = new IdleWatch(_context.Options.Time, _context.Options.IdleTimeout, () =>
        {
            _context.Counters.IdleTimeout();
            Abort();
        });
        await FrameReading.RunLoopAsync(
            _connection.Reader, this, _context.Options.MaxFrameBytes, _context.Counters, idle, stop).ConfigureAwait(false);
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_out.WrittenCount == 0)
        {
            return;
        }
        await _connection.WriteAsync(_out.WrittenMemory, ct).ConfigureAwait(false);
        _out.Reset();
    }
}
