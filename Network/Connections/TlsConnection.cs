using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace DumboFL.Network.Connections;

/// <summary>
/// One TCP connection with TLS on top and a pipe reader over the TLS stream. Abort is idempotent and may be
/// called from any thread: it closes the socket, which fails whatever read or write is pending, and that
/// is how the loops on the connection learn it is gone.
/// </summary>
internal sealed class TlsConnection : IAsyncDisposable
{
    // Large enough that a burst of small frames is parsed from one read, small enough to keep per-link memory low.
    private const int ReadBufferSize = 64 * 1024;
    private readonly Socket _socket;
    private readonly SslStream _ssl;
    private PipeReader? _reader;
    private int _aborted;
    private int _disposed;

    public TlsConnection(Socket socket)
    {
        _socket = socket;
        // Frames are batched by the writers themselves; Nagle would only add latency to acks and pings.
        _socket.NoDelay = true;
        _ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
    }

    public SslStream Ssl => _ssl;

    /// <summary>Created after the TLS handshake, so the pipe never reads a byte of it.</summary>
    public PipeReader Reader => _reader ??= PipeReader.Create(_ssl,
        new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: ReadBufferSize / 4, leaveOpen: true));

    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => _ssl.WriteAsync(bytes, ct);

    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }
        try
        {
            // Linger 0: a forced close is a reset, not a graceful FIN after buffered bytes drain.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The socket is already gone; closing it is all that was wanted.
        }
        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Abort();
        if (_reader is not null)
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
        }
        await _ssl.DisposeAsync().ConfigureAwait(false);
    }
}
