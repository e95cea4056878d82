using System.Net;
using System.Threading.Channels;
using DumboFL.Network.Connections;
using DumboFL.Network.Framing;

namespace DumboFL.Network.Outbound;

/// <summary>
/// This node's link to one peer: the outbound queue that survives connections, and a run loop that keeps
/// one connection up (connect, TLS, Hello, resend unacked, write/read loops, back off, repeat).
/// </summary>
internal sealed partial class PeerLink : IAsyncDisposable
{
    // A batch is written with one TLS write; past this many bytes the rest waits for the next batch.
    private const long MaxBatchBytes = 1024 * 1024;
    private const int MaxBatchFrames = 1024;

    private readonly PeerAddress _peer;
    private readonly LinkContext _context;
    private readonly OutboundQueue _queue;
    private readonly PeerStats _stats;
    // Level-triggered wake-up for the writer: one token means "look at the queue (and the ping flag)".
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly OutboundQueue.Item[] _batch = new OutboundQueue.Item[MaxBatchFrames];
    private readonly PooledBufferWriter _buffer = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _keepAlive;
    private Task _run = Task.CompletedTask;
    private EndPoint? _endpointOverride;
    private volatile TlsConnection? _current;
    private volatile bool _pingDue;
    private int _closed;

    public PeerLink(PeerAddress peer, LinkContext context, PeerStats stats)
    {
        _peer = peer;
        _context = context;
        _stats = stats;
        _queue = new OutboundQueue(context.Options.OutboundBytesPerPeer);
        var interval = context.Options.KeepAliveInterval;
        _keepAlive = context.Options.Time.CreateTimer(static s => ((PeerLink)s!).OnKeepAlive(), this, interval, interval);
    }

    public PeerAddress Peer => _peer;

    public OutboundQueue Queue => _queue;

    /// <summary>Never blocks: appends, drops the oldest over the cap, wakes the writer.</summary>
    public void Enqueue(in Envelope envelope, int wireSize)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }
        var dropped = _queue.Enqueue(envelope, wireSize);
        if (dropped > 0)
        {
            _context.Counters.FramesDroppedBy(dropped);
        }
        _wake.Writer.TryWrite(true);
    }

    public void Start()
    {
        if (_run == Task.CompletedTask && Volatile.Read(ref _closed) == 0)
        {
            _run = RunAsync(_stop.Token);
        }
    }

    /// <summary>Dial this endpoint instead of the peer's host:port (tests bind port 0 and learn it later).</summary>
    public void UseEndpoint(EndPoint endpoint) => _endpointOverride = endpoint;

    /// <summary>Test hook: break the current connection as a network fault would.</summary>
    public void AbortConnection() => _current?.Abort();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        await _keepAlive.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        _current?.Abort();
        await _run.ConfigureAwait(false);
        _stats.SetState(LinkState.Closed, _context.Options.Time.GetTimestamp());
        _buffer.Dispose();
        _stop.Dispose();
    }

    private void OnKeepAlive()
    {
        _pingDue = true;
        _wake.Writer.TryWrite(true);
    }
}
