using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DumboFL.Learning.Rounds;
using DumboFL.Learning.Swarm;
using DumboFL.Ledger.Entries;
using DumboFL.Network;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Node;

/// <summary>
/// A node's FL client on a thread of its own (docs/LEARNING.md): it takes committed blocks from the core, swarm messages
/// from the decode workers and a 50 ms beat, drives the <see cref="RoundDriver"/>, submits its entries to the core like
/// the client API does, and sends swarm messages on the transport's swarm channel. Training, chunk storage and
/// aggregation run here, so none of it ever blocks the core loop.
/// </summary>
public sealed class FlWorker : IAsyncDisposable
{
    /// <summary>
    /// Swarm messages one peer may have waiting; beyond it that peer's messages are dropped (and counted), so a flooding
    /// neighbour loses only its own: the requester re-asks after its timeout.
    /// </summary>
    public const int MaxQueuedSwarmMessagesPerPeer = 2048;

    private static readonly TimeSpan s_beat = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_retry = TimeSpan.FromMilliseconds(250);

    private readonly RoundDriver _driver;
    private readonly Transport _transport;
    private readonly uint _shard;
    private readonly ChannelWriter<CoreEvent> _core;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _refused = new(StringComparer.Ordinal);
    private Task? _loop;
    private Task? _beat;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StrongBox<int>> _queuedSwarm = new(StringComparer.Ordinal);
    private long _droppedSwarm;
    private int _beatPending;
    private long _submitted;
    private long _failed;

    private readonly IDisposable[] _owned;
    private int _disposed;

    /// <param name="owned">What the worker closes after its thread stopped (the chunk store, its signing key).</param>
    public FlWorker(RoundDriver driver, Transport transport, uint shard, ChannelWriter<CoreEvent> core, TimeProvider time, ILogger logger,
        params IDisposable[] owned)
    {
        _owned = owned;
        _driver = driver;
        _transport = transport;
        _shard = shard;
        _core = core;
        _time = time;
        _logger = logger;
    }

    public RoundDriver Driver => _driver;

    public long DroppedSwarmMessages => Interlocked.Read(ref _droppedSwarm);

    public long Submitted => Interlocked.Read(ref _submitted);

    /// <summary>True once the driver failed (logged); the node keeps running without FL.</summary>
    public bool Failed => Interlocked.Read(ref _failed) != 0;

    /// <summary>Entries the core refused, by reason (a copy).</summary>
    public IReadOnlyDictionary<string, long> Refused
    {
        get
        {
            lock (_refused)
            {
                return new Dictionary<string, long>(_refused, StringComparer.Ordinal);
            }
        }
    }

    public void Start()
    {
        var thread = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            Run();
            thread.SetResult();
        })
        { IsBackground = true, Name = "dumbofl-fl" }.Start();
        _loop = thread.Task;
        _beat = Task.Run(BeatAsync);
    }

    /// <summary>From the core thread, after a block is durable: only the FL entries travel, never blocking.</summary>
    public void OnBlockStored(Ledger.Blocks.Block block)
    {
        var entries = block.Entries.Where(e => e is ChunkCommit or ModelUpdate or UpdateHeld).ToArray();
        if (entries.Length > 0 && !Failed)
        {
            _events.Writer.TryWrite(entries);
        }
    }

    /// <summary>From a decode worker: a swarm message from <paramref name="from"/>, dropped and counted if too many wait.</summary>
    public void OnSwarm(string from, SwarmMessage message)
    {
        var queued = _queuedSwarm.GetOrAdd(from, _ => new StrongBox<int>());
        if (Interlocked.Increment(ref queued.Value) > MaxQueuedSwarmMessagesPerPeer || Failed)
        {
            Interlocked.Decrement(ref queued.Value);
            Interlocked.Increment(ref _droppedSwarm);
            return;
        }
        if (!_events.Writer.TryWrite(new SwarmArrival(from, message)))
        {
            Interlocked.Decrement(ref queued.Value);
        }
    }

    /// <summary>Stops the thread and the beat, then closes what it owns. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        if (_beat is not null)
        {
            await _beat.ConfigureAwait(false);
        }
        _stop.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private void Run()
    {
        try
        {
            _driver.Start();
            Flush();
            var reader = _events.Reader;
            while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                // Drain what is there, then send once: HAVEs batch and the core gets one submission per drain. A stop
                // ends it between events: a shutdown never waits for the rest of a round.
                while (!_stop.IsCancellationRequested && reader.TryRead(out var item))
                {
                    Dispatch(item);
                }
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                Flush();
            }
        }
        catch (Exception e)
        {
            Interlocked.Exchange(ref _failed, 1);
            _logger.LogError(e, "the FL client failed; the node goes on without it");
            // Nothing reads the queue any more: stop filling it.
            _events.Writer.TryComplete();
            _stop.Cancel();
        }
    }

    private void Dispatch(object item)
    {
        switch (item)
        {
            case LedgerEntry[] block:
                _driver.OnBlock(block);
                break;
            case SwarmArrival arrival:
                if (_queuedSwarm.TryGetValue(arrival.From, out var queued))
                {
                    Interlocked.Decrement(ref queued.Value);
                }
                _driver.OnSwarm(arrival.From, arrival.Message);
                break;
            case Beat:
                Volatile.Write(ref _beatPending, 0);
                _driver.Tick();
                break;
            case Resubmit resubmit:
                Submit(resubmit.Entries);
                break;
        }
    }

    private void Flush()
    {
        foreach (var send in _driver.TakeOutbox())
        {
            try
            {
                _transport.Send(send.Peer, new Envelope(Channels.Swarm, _shard, 0, SwarmCodec.Encode(send.Message)));
            }
            catch (ArgumentException e)
            {
                // An unknown peer or an envelope over the frame limit: a bug or a misconfigured topology, not a reason to stop.
                _logger.LogWarning("swarm message to {Peer} not sent: {Why}", send.Peer, e.Message);
            }
        }
        var entries = _driver.TakeSubmissions();
        if (entries.Count > 0)
        {
            Submit(entries);
        }
    }

    /// <summary>Into the core's queue like an API submission; a full pool is retried shortly, refusals are counted.</summary>
    private void Submit(IReadOnlyList<LedgerEntry> entries)
    {
        var reply = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var decoded = entries.Select((e, i) => new DecodedEntry(i, e, null)).ToList();
        if (!_core.TryWrite(new EntriesSubmitted(decoded, _time.GetTimestamp(), reply)))
        {
            _ = RetryLaterAsync(entries);
            return;
        }
        Interlocked.Add(ref _submitted, entries.Count);
        _ = reply.Task.ContinueWith(t => OnOutcome(entries, t.Result), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private void OnOutcome(IReadOnlyList<LedgerEntry> entries, SubmitOutcome outcome)
    {
        if (outcome.PoolFull)
        {
            _ = RetryLaterAsync(entries);
            return;
        }
        // A round ahead of the ledger's (its previous aggregate is not committed yet) clears by itself: try again.
        var later = outcome.Rejected.Where(r => r.Item2 == "future_round").Select(r => entries[r.Item1]).ToList();
        if (later.Count > 0)
        {
            _ = RetryLaterAsync(later);
        }
        foreach (var (index, reason) in outcome.Rejected)
        {
            lock (_refused)
            {
                _refused[reason] = _refused.GetValueOrDefault(reason) + 1;
            }
            if (reason != "duplicate" && _logger.IsEnabled(LogLevel.Debug))
            {
                _logger.LogDebug("FL entry {Kind} refused: {Reason}", entries[index].Kind, reason);
            }
        }
    }

    private async Task RetryLaterAsync(IReadOnlyList<LedgerEntry> entries)
    {
        try
        {
            await Task.Delay(s_retry, _time, _stop.Token).ConfigureAwait(false);
            _events.Writer.TryWrite(new Resubmit(entries));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down: the entries go with the node.
        }
    }

    private async Task BeatAsync()
    {
        using var timer = new PeriodicTimer(s_beat, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                // One beat waiting is enough: while the thread trains, beats do not pile up behind it.
                if (Interlocked.Exchange(ref _beatPending, 1) == 0)
                {
                    _events.Writer.TryWrite(Beat.Instance);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record SwarmArrival(string From, SwarmMessage Message);

    private sealed record Resubmit(IReadOnlyList<LedgerEntry> Entries);

    private sealed class Beat
    {
        public static readonly Beat Instance = new();
    }
}
