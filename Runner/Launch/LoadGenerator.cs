namespace DumboFL.Runner.Launch;

/// <summary>
/// Drives <c>POST /tx</c> load: each shard gets an equal share of the rate through its own <see cref="Pacer"/>,
/// and every live node of the shard has a few senders taking due entries from it in batches. A node that
/// answers 429 hands its entries back and backs off, so the shard's other nodes send them; a killed node
/// simply stops taking.
/// </summary>
public sealed class LoadGenerator : IAsyncDisposable
{
    public const int SendersPerNode = 4;

    private readonly LocalCluster _cluster;
    private readonly LoadEntries _entries;
    private readonly int _maxBatch;
    private readonly Pacer[] _pacers;
    private readonly IReadOnlyList<IReadOnlyList<string>> _shards;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _senders = [];

    public LoadGenerator(LocalCluster cluster, IReadOnlyList<IReadOnlyList<string>> shardNodes, LoadEntries entries, double rate)
    {
        _cluster = cluster;
        _shards = shardNodes;
        _entries = entries;
        // At most ~512 KB per request: big enough to amortise HTTP, small enough for any body limit.
        _maxBatch = Math.Clamp(512 * 1024 / (entries.EntrySize + 4), 1, 4096);
        _pacers = shardNodes.Select(_ => new Pacer(rate / shardNodes.Count)).ToArray();
    }

    public LoadCounters Counters { get; } = new();

    /// <summary>Offered entries the pacers dropped because no node could take them in time.</summary>
    public long Dropped => _pacers.Sum(p => p.Dropped);

    /// <summary>Starts a new pacing period at this total rate (the bench's next step).</summary>
    public void SetRate(double rate)
    {
        foreach (var pacer in _pacers)
        {
            pacer.SetRate(rate / _pacers.Length);
        }
    }

    public void Start()
    {
        for (var shard = 0; shard < _shards.Count; shard++)
        {
            foreach (var id in _shards[shard])
            {
                for (var i = 0; i < SendersPerNode; i++)
                {
                    var pacer = _pacers[shard];
                    _senders.Add(Task.Run(() => SendAsync(id, pacer, _stop.Token)));
                }
            }
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        // Each sender returns on cancellation and catches everything else.
        await Task.WhenAll(_senders).ConfigureAwait(false);
    }

    private async Task SendAsync(string id, Pacer pacer, CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(20);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                backoff = await SendOnceAsync(id, pacer, backoff, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A sender must not die silently and leave its node without load: record, pause, go on.
                Counters.AddFailed(0, $"{id}: {e.GetType().Name}: {e.Message}");
                await Task.Delay(200, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One request (or one wait); returns the back-off to use after the next 429.</summary>
    private async Task<TimeSpan> SendOnceAsync(string id, Pacer pacer, TimeSpan backoff, CancellationToken stop)
    {
        if (!_cluster.IsAlive(id) || !_cluster.TryApi(id, out var api))
        {
            await Task.Delay(200, stop).ConfigureAwait(false);
            return backoff;
        }
        var count = pacer.Take(_maxBatch);
        if (count == 0)
        {
            // Wait for ~10 ms of load (one batch per wake-up), between 2 and 50 ms.
            var batch = Math.Clamp((int)(pacer.Rate / 100), 1, _maxBatch);
            await Task.Delay(Clamp(pacer.TimeUntil(batch), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(50)), stop).ConfigureAwait(false);
            return backoff;
        }
        using var body = _entries.Write(count);
        SubmitResult result;
        try
        {
            result = await api.SubmitAsync(body.Bytes, body.Count, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
        {
            pacer.Return(count);
            Counters.AddUnreachable($"{id}: {e.Message}");
            await Task.Delay(200, stop).ConfigureAwait(false);
            return backoff;
        }
        switch (result.Outcome)
        {
            case SubmitOutcome.Taken:
            case SubmitOutcome.PartlyRejected:
                Counters.AddAccepted(result.Accepted);
                Counters.AddRefused(result.Rejected);
                return TimeSpan.FromMilliseconds(20);
            case SubmitOutcome.PoolFull:
                pacer.Return(count);
                Counters.AddThrottled();
                // Retry-After has whole-second granularity: it caps the exponential back-off rather than replacing it.
                var wait = result.RetryAfter is { } after && after > TimeSpan.Zero && after < backoff ? after : backoff;
                await Task.Delay(wait, stop).ConfigureAwait(false);
                return Clamp(backoff * 2, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1));
            default:
                Counters.AddFailed(count, $"{id}: {result.Error}");
                await Task.Delay(200, stop).ConfigureAwait(false);
                return backoff;
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
