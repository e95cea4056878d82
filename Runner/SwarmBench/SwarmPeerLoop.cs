using System.Diagnostics;
using System.Threading.Channels;
using DumboFL.Learning.Swarm;
using DumboFL.Network;
using DumboFL.Runner.Node;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// A swarm peer's engine on a thread of its own, fed the way the node's FL worker feeds it (<see cref="FlWorker"/>):
/// swarm-channel messages decoded off the transport, a 50 ms beat, and the launcher's <c>warmup</c> / <c>go</c> / <c>stop</c>; each
/// wake-up drains what is queued, then flushes the outbox to the transport once. One difference: a full queue holds the
/// transport back instead of dropping messages, so a slow peer shows up as time, not as re-requests.
/// </summary>
internal sealed class SwarmPeerLoop : IAsyncDisposable
{
    private const int QueueCapacity = 4 * FlWorker.MaxQueuedSwarmMessagesPerPeer;
    private static readonly TimeSpan s_beat = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_parentCheck = TimeSpan.FromSeconds(1);

    private readonly SwarmEngine _engine;
    private readonly Transport _transport;
    private readonly uint _shard;
    private readonly SwarmUpdate _update;
    private readonly SwarmUpdate? _warmup;
    private readonly long _idleRss;
    private readonly TextWriter _output;
    private readonly ILogger _logger;
    private readonly Channel<object> _events = Channel.CreateBounded<object>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _feeders = [];
    private long _goAt;
    private long _warmupAt;
    private double _goCpuSeconds;
    private PeerCounters _countersAtGo = PeerCounters.Of(new SwarmCounters());
    private PeerCounters _countersAtWarmup = PeerCounters.Of(new SwarmCounters());
    private bool _done;
    private long _malformed;

    public SwarmPeerLoop(SwarmEngine engine, Transport transport, uint shard, SwarmUpdate update, SwarmUpdate? warmup, long idleRss,
        TextWriter output, ILogger logger)
    {
        _warmup = warmup;
        _engine = engine;
        _transport = transport;
        _shard = shard;
        _update = update;
        _idleRss = idleRss;
        _output = output;
        _logger = logger;
    }

    /// <summary>Completes once the loop stopped (told to, stdin closed, the parent gone, or a failure: then faulted).</summary>
    public Task Stopped => _stopped.Task;

    public void Start(TextReader input, int? parentPid, CancellationToken stop)
    {
        stop.Register(() => _ = _events.Writer.WriteAsync(Control.Stop).AsTask());
        new Thread(Run) { IsBackground = true, Name = "dumbofl-swarm" }.Start();
        _feeders.Add(Task.Run(PumpInboundAsync, CancellationToken.None));
        _feeders.Add(Task.Run(BeatAsync, CancellationToken.None));
        if (parentPid is { } parent)
        {
            _feeders.Add(Task.Run(() => WatchParentAsync(parent), CancellationToken.None));
        }
        // stdin blocks without a way to cancel it: a background thread, never awaited (the process ends under it).
        new Thread(() => ReadCommands(input)) { IsBackground = true, Name = "dumbofl-swarm-stdin" }.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_feeders).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            var reader = _events.Reader;
            var stopping = false;
            while (!stopping && reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                // Drain what is there, then send once (HAVEs batch), as the FL worker does.
                while (!stopping && reader.TryRead(out var item))
                {
                    stopping = Dispatch(item);
                }
                Flush();
                ReportCompletion();
            }
            Report(PeerReport.Final);
            _stopped.TrySetResult();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "the swarm loop failed");
            _stopped.TrySetException(e);
        }
    }

    /// <summary>Returns true on stop.</summary>
    private bool Dispatch(object item)
    {
        switch (item)
        {
            case InboundSwarm arrival:
                _engine.Handle(arrival.From, arrival.Message);
                return false;
            case Control.Beat:
                _engine.Tick();
                return false;
            case Control.Warmup when _warmupAt == 0 && _warmup is not null:
                _warmupAt = Stopwatch.GetTimestamp();
                _countersAtWarmup = PeerCounters.Of(_engine.Counters);
                _engine.Track(_warmup);
                return false;
            case Control.Go when _goAt == 0:
                _goAt = Stopwatch.GetTimestamp();
                _goCpuSeconds = SwarmPeerHost.Rss().CpuSeconds;
                _countersAtGo = PeerCounters.Of(_engine.Counters);
                _engine.Track(_update);
                return false;
            case Control.Stop:
                return true;
            default:
                return false;
        }
    }

    private void Flush()
    {
        foreach (var send in _engine.TakeOutbox())
        {
            _transport.Send(send.Peer, new Envelope(Channels.Swarm, _shard, 0, SwarmCodec.Encode(send.Message)));
        }
    }

    private void ReportCompletion()
    {
        foreach (var (round, client) in _engine.TakeCompleted())
        {
            if (!_done && round == _update.Round && client == _update.Client)
            {
                _done = true;
                Report(PeerReport.Done);
            }
            else if (_warmup is not null && round == _warmup.Round && client == _warmup.Client)
            {
                Report(PeerReport.Warm);
            }
        }
    }

    private void Report(string kind)
    {
        var rss = SwarmPeerHost.Rss();
        var elapsed = kind == PeerReport.Warm ? Stopwatch.GetElapsedTime(_warmupAt).TotalMilliseconds
            : _goAt == 0 ? 0 : Stopwatch.GetElapsedTime(_goAt).TotalMilliseconds;
        var cpu = _goAt == 0 ? 0 : (rss.CpuSeconds - _goCpuSeconds) * 1000;
        // The timed update's counters only: the warm-up's exchange is not what is measured.
        var counters = PeerCounters.Of(_engine.Counters).Since(kind == PeerReport.Warm ? _countersAtWarmup : _countersAtGo);
        var report = new PeerReport(_transport.SelfId, elapsed, cpu, _idleRss, rss.PeakRssBytes, rss.RssBytes, counters);
        _output.WriteLine(report.ToLine(kind));
        _output.Flush();
        if (kind == PeerReport.Final && Interlocked.Read(ref _malformed) > 0)
        {
            _logger.LogWarning("{Count} inbound messages were not swarm messages", Interlocked.Read(ref _malformed));
        }
    }

    private async Task PumpInboundAsync()
    {
        try
        {
            while (true)
            {
                var message = await _transport.Inbound.ReadAsync(_stop.Token).ConfigureAwait(false);
                if (message.Envelope.Channel != Channels.Swarm
                    || !SwarmCodec.TryDecode(message.Envelope.Payload.Span, out var decoded, out _))
                {
                    Interlocked.Increment(ref _malformed);
                    continue;
                }
                await _events.Writer.WriteAsync(new InboundSwarm(message.From, decoded!), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    private async Task BeatAsync()
    {
        using var timer = new PeriodicTimer(s_beat);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                // A beat that finds the queue full is not needed: there is work to wake the loop anyway.
                _events.Writer.TryWrite(Control.Beat);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchParentAsync(int parent)
    {
        using var timer = new PeriodicTimer(s_parentCheck);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (!DumboFL.Runner.Output.ProcessLogging.IsAlive(parent))
                {
                    await _events.Writer.WriteAsync(Control.Stop, _stop.Token).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ReadCommands(TextReader input)
    {
        try
        {
            while (input.ReadLine() is { } line)
            {
                switch (line.Trim())
                {
                    case "warmup":
                        _events.Writer.WriteAsync(Control.Warmup).AsTask().GetAwaiter().GetResult();
                        break;
                    case "go":
                        _events.Writer.WriteAsync(Control.Go).AsTask().GetAwaiter().GetResult();
                        break;
                    case "stop":
                        _events.Writer.WriteAsync(Control.Stop).AsTask().GetAwaiter().GetResult();
                        return;
                    default:
                        _logger.LogWarning("unknown command '{Line}' on stdin (expected go or stop)", line);
                        break;
                }
            }
        }
        catch (IOException)
        {
        }
        // stdin closed: the launcher is gone or done with us.
        _events.Writer.WriteAsync(Control.Stop).AsTask().GetAwaiter().GetResult();
    }

    private sealed record InboundSwarm(string From, SwarmMessage Message);

    private enum Control
    {
        Beat,
        Warmup,
        Go,
        Stop,
    }
}
