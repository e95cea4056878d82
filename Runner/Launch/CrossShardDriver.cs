using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Runner.Node;

namespace DumboFL.Runner.Launch;

/// <summary>
/// The cross-shard part of <c>dumbofl launch --cross-shard F</c>: txs with one to three input shards and an output shard,
/// each leg invalid with probability <c>--invalid</c>, submitted to one live node of every input shard at a steady rate.
/// It polls <c>POST /cross-shard/state</c> to see each tx settle (output leg committed, or aborted on every shard of
/// the tx) and when, for a sample of about 40 txs a second, and at the end asks every live node of every shard of every
/// tx (docs/CROSS_SHARD.md).
/// </summary>
public sealed class CrossShardDriver : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>Txs timed per second: polling every open tx would load the nodes' stores with the launcher's own queries.</summary>
    private const double SampledPerSecond = 40;

    private readonly LocalCluster _cluster;
    private readonly IReadOnlyList<IReadOnlyList<string>> _shards;
    private readonly double _rate;
    private readonly double _invalid;
    private readonly int _payloadBytes;
    private readonly Random _random = new(RandomNumberGenerator.GetInt32(int.MaxValue));
    private readonly List<Tracked> _txs = [];
    private readonly Queue<Tracked>[] _unsent;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private readonly object _gate = new();
    private Task _loop = Task.CompletedTask;
    private Task _poller = Task.CompletedTask;
    private long _refusedSubmissions;

    public CrossShardDriver(LocalCluster cluster, IReadOnlyList<IReadOnlyList<string>> shards, double rate, double invalid, int txSize)
    {
        if (shards.Count < 2)
        {
            throw new ArgumentException("cross-shard load needs at least two shards", nameof(shards));
        }
        _cluster = cluster;
        _shards = shards;
        _rate = rate;
        _invalid = invalid;
        _payloadBytes = Math.Max(16, txSize - 64);
        _unsent = shards.Select(_ => new Queue<Tracked>()).ToArray();
    }

    public void Start()
    {
        _clock.Start();
        _loop = Task.Run(() => RunAsync(_stop.Token));
        _poller = Task.Run(() => PollLoopAsync(_stop.Token));
    }

    /// <summary>
    /// Stops making txs. Legs still queued for txs that some input shard already took are sent (for up to ten seconds),
    /// so no tx is left half-submitted; txs no shard took are dropped from the count.
    /// </summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _poller.ConfigureAwait(false);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var shard = 0; shard < _unsent.Length; shard++)
        {
            var started = _unsent[shard].Where(t => t.Submitted.Any(s => s)).ToArray();
            _unsent[shard].Clear();
            foreach (var tx in started)
            {
                _unsent[shard].Enqueue(tx);
            }
        }
        try
        {
            while (_unsent.Any(q => q.Count > 0) && !limit.IsCancellationRequested)
            {
                for (var shard = 0; shard < _unsent.Length; shard++)
                {
                    await SubmitAsync(shard, limit.Token).ConfigureAwait(false);
                }
                await Task.Delay(Interval, limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            // Whatever is still unsent stays half-submitted and is counted as not submitted.
        }
    }

    /// <summary>
    /// Waits up to <paramref name="patience"/> for the submitted txs to settle, then asks every live node of every
    /// shard of every tx for its state and reports.
    /// </summary>
    public async Task<CrossShardOutcome> SettleAsync(TimeSpan patience, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        var lastResend = TimeSpan.Zero;
        while (deadline.Elapsed < patience && Submitted().Any(t => t.SettledAt is null))
        {
            // With the load stopped every open tx is polled (the sample alone still times latency).
            await PollAsync(cancel, everyOpenTx: true).ConfigureAwait(false);
            if (deadline.Elapsed - lastResend >= ResendAfter / 2)
            {
                lastResend = deadline.Elapsed;
                await ResendStaleAsync(cancel).ConfigureAwait(false);
            }
            await Task.Delay(PollEvery * 4, cancel).ConfigureAwait(false);
        }
        return await AuditAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// What a client does about a tx that has not settled long after it was submitted: it submits the legs again. A node
    /// that took a leg and then died (killed, crashed) takes it with it; the leg is refused as a duplicate where it is
    /// already committed and as aborted where the tx aborted, so sending again is always safe.
    /// </summary>
    private async Task ResendStaleAsync(CancellationToken cancel)
    {
        var now = _clock.Elapsed;
        foreach (var tx in Submitted().Where(t => t.SettledAt is null && t.SubmittedAt is { } at && now - at >= ResendAfter))
        {
            foreach (var input in tx.Tx.InputShards)
            {
                _unsent[input].Enqueue(tx);
            }
            tx.SubmittedAt = now;
            tx.Resent = true;
            Resent++;
        }
        for (var shard = 0; shard < _unsent.Length; shard++)
        {
            while (_unsent[shard].Count > 0 && !cancel.IsCancellationRequested)
            {
                var before = _unsent[shard].Count;
                await SubmitAsync(shard, cancel).ConfigureAwait(false);
                if (_unsent[shard].Count >= before)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Txs whose legs were submitted again because they had not settled after <see cref="ResendAfter"/>.</summary>
    public int Resent { get; private set; }

    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(10);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            await _poller.ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private Tracked[] Submitted()
    {
        lock (_gate)
        {
            return _txs.Where(t => t.Submitted.All(s => s)).ToArray();
        }
    }

    private async Task PollLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollEvery, stop).ConfigureAwait(false);
                await PollAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // A node going away: the next poll asks another.
            }
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var made = 0L;
        var sampleEvery = Math.Max(1, (int)(_rate / SampledPerSecond));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var due = (long)(_rate * _clock.Elapsed.TotalSeconds);
                for (; made < due; made++)
                {
                    var tx = NewTx(sampled: made % sampleEvery == 0);
                    lock (_gate)
                    {
                        _txs.Add(tx);
                    }
                    for (var i = 0; i < tx.Tx.InputShards.Count; i++)
                    {
                        _unsent[tx.Tx.InputShards[i]].Enqueue(tx);
                    }
                }
                await Task.WhenAll(Enumerable.Range(0, _shards.Count).Select(shard => SubmitAsync(shard, stop))).ConfigureAwait(false);
                await Task.Delay(Interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // A node going away (a planned kill): the next round picks another.
            }
        }
    }

    private Tracked NewTx(bool sampled)
    {
        var shards = _shards.Count;
        var origin = _random.Next(shards);
        var inputCount = 1 + _random.Next(Math.Min(3, shards));
        var inputs = new[] { (uint)origin }.Concat(Enumerable.Range(0, shards).Where(s => s != origin).OrderBy(_ => _random.Next()).Take(inputCount - 1).Select(s => (uint)s)).ToArray();
        var output = (uint)_random.Next(shards);
        if (inputs.Length == 1 && output == inputs[0])
        {
            output = (output + 1 + (uint)_random.Next(shards - 1)) % (uint)shards;
        }
        var valid = inputs.Select(_ => _random.NextDouble() >= _invalid).ToArray();
        var payload = new byte[_payloadBytes];
        _random.NextBytes(payload);
        var id = new byte[Hash32.Size];
        _random.NextBytes(id);
        var tx = new CrossShardTx(new Hash32(id), inputs, valid, output, false, payload);
        return new Tracked(tx, tx.Id, tx.OutputLeg().Id, valid.All(v => v), new bool[inputs.Length]) { Sampled = sampled };
    }

    /// <summary>Sends what is queued for <paramref name="shard"/> to one live node of it (a 429 leaves it queued).</summary>
    private async Task SubmitAsync(int shard, CancellationToken cancel)
    {
        var queue = _unsent[shard];
        if (queue.Count == 0 || Live(shard).FirstOrDefault() is not { } api)
        {
            return;
        }
        var batch = new List<Tracked>();
        while (queue.Count > 0 && batch.Count < 512)
        {
            batch.Add(queue.Dequeue());
        }
        var bytes = batch.Select(t => t.Tx.Encode()).ToArray();
        var body = new byte[bytes.Sum(b => 4 + b.Length)];
        var position = 0;
        foreach (var entry in bytes)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(position), (uint)entry.Length);
            entry.CopyTo(body, position + 4);
            position += 4 + entry.Length;
        }
        var now = _clock.Elapsed;
        var result = await api.SubmitAsync(body, batch.Count, cancel).ConfigureAwait(false);
        if (result.Outcome is SubmitOutcome.PoolFull or SubmitOutcome.Failed)
        {
            foreach (var tx in batch)
            {
                queue.Enqueue(tx);
            }
            return;
        }
        // Taken, or partly refused: the invalid legs are refused (400) and their abort starts at that node.
        _refusedSubmissions += result.Rejected;
        foreach (var tx in batch)
        {
            tx.Submitted[tx.Tx.InputIndexOf((uint)shard)] = true;
            tx.SubmittedAt ??= now;
        }
    }

    private IEnumerable<NodeApi> Live(int shard) =>
        _shards[shard].OrderBy(_ => Random.Shared.Next()).Where(_cluster.IsAlive).Select(id => _cluster.TryApi(id, out var api) ? api : null).OfType<NodeApi>();

    /// <summary>Asks one live node per shard about the txs not settled yet, and notes when each settles.</summary>
    private async Task PollAsync(CancellationToken cancel, bool everyOpenTx = false)
    {
        var open = Submitted().Where(t => (everyOpenTx || t.Sampled) && t.SettledAt is null).ToArray();
        if (open.Length == 0)
        {
            return;
        }
        var now = _clock.Elapsed;
        var views = new Dictionary<(Tracked, uint), LegState>();
        for (var shard = 0; shard < _shards.Count; shard++)
        {
            var involved = open.Where(t => t.Shards.Contains((uint)shard)).ToArray();
            if (involved.Length == 0 || Live(shard).FirstOrDefault() is not { } api)
            {
                continue;
            }
            var states = await QueryAsync(api, involved, cancel).ConfigureAwait(false);
            for (var i = 0; i < involved.Length; i++)
            {
                views[(involved[i], (uint)shard)] = states[i];
            }
        }
        foreach (var tx in open)
        {
            var committed = views.TryGetValue((tx, tx.Tx.OutputShard), out var output) && output.Output;
            var aborted = tx.Shards.All(s => views.TryGetValue((tx, s), out var state) && state.Aborted);
            if (committed || aborted)
            {
                tx.SettledAt = now;
            }
        }
    }

    /// <summary>The final word: every live node of every shard of every submitted tx.</summary>
    private async Task<CrossShardOutcome> AuditAsync(CancellationToken cancel)
    {
        var txs = Submitted().ToArray();
        var states = txs.ToDictionary(t => t, _ => new List<(uint Shard, LegState State)>());
        for (var shard = 0; shard < _shards.Count; shard++)
        {
            var involved = txs.Where(t => t.Shards.Contains((uint)shard)).ToArray();
            foreach (var id in _shards[shard].Where(_cluster.IsAlive))
            {
                if (involved.Length == 0 || !_cluster.TryApi(id, out var api))
                {
                    continue;
                }
                var answers = await QueryAsync(api, involved, cancel).ConfigureAwait(false);
                for (var i = 0; i < involved.Length; i++)
                {
                    states[involved[i]].Add(((uint)shard, answers[i]));
                }
            }
        }
        int committed = 0, aborted = 0, pending = 0;
        var violations = new List<string>();
        var latencies = new List<double>();
        foreach (var tx in txs)
        {
            var seen = states[tx];
            var isCommitted = seen.Any(s => s.Shard == tx.Tx.OutputShard && s.State.Output);
            var abortedShards = seen.Where(s => s.State.Aborted).Select(s => s.Shard).ToHashSet();
            var isAborted = tx.Shards.All(abortedShards.Contains) && seen.Where(s => tx.Shards.Contains(s.Shard)).All(s => s.State.Aborted);
            if (isCommitted && abortedShards.Count > 0)
            {
                violations.Add($"tx {tx.LegId}: output committed on shard {tx.Tx.OutputShard} and aborted on shard {abortedShards.First()}");
            }
            if ((isCommitted && !tx.ShouldCommit) || (isAborted && tx.ShouldCommit))
            {
                violations.Add($"tx {tx.LegId}: {(isCommitted ? "committed" : "aborted")} against its validity flags");
            }
            if (isCommitted)
            {
                committed++;
            }
            else if (isAborted)
            {
                aborted++;
            }
            else
            {
                pending++;
            }
            if ((isCommitted || isAborted) && tx.Sampled && !tx.Resent && tx.SettledAt is { } settled && tx.SubmittedAt is { } submitted)
            {
                latencies.Add((settled - submitted).TotalMilliseconds);
            }
        }
        latencies.Sort();
        return new CrossShardOutcome(_txs.Count, txs.Length, committed, aborted, pending, violations, _refusedSubmissions,
            Quantile(latencies, 0.5), Quantile(latencies, 0.99)) { Resent = Resent };
    }

    private static double? Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))], 1);

    private static async Task<LegState[]> QueryAsync(NodeApi api, IReadOnlyList<Tracked> txs, CancellationToken cancel)
    {
        var states = new List<LegState>(txs.Count);
        foreach (var chunk in txs.Chunk(ClientApi.MaxCrossShardQuery))
        {
            var body = new byte[chunk.Length * 2 * Hash32.Size];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i].LegId.CopyTo(body.AsSpan(i * 2 * Hash32.Size));
                chunk[i].OutputId.CopyTo(body.AsSpan((i * 2 * Hash32.Size) + Hash32.Size));
            }
            using var document = JsonDocument.Parse(await api.CrossShardStateAsync(body, cancel).ConfigureAwait(false));
            foreach (var leg in document.RootElement.GetProperty("legs").EnumerateArray())
            {
                states.Add(new LegState(leg.GetProperty("locked").GetBoolean(), leg.GetProperty("aborted").GetBoolean(), leg.GetProperty("output").GetBoolean()));
            }
        }
        return [.. states];
    }

    private readonly record struct LegState(bool Locked, bool Aborted, bool Output);

    private sealed class Tracked(CrossShardTx tx, Hash32 legId, Hash32 outputId, bool shouldCommit, bool[] submitted)
    {
        public CrossShardTx Tx { get; } = tx;

        public Hash32 LegId { get; } = legId;

        public Hash32 OutputId { get; } = outputId;

        public bool ShouldCommit { get; } = shouldCommit;

        /// <summary>Per input leg: handed to a node of that shard.</summary>
        public bool[] Submitted { get; } = submitted;

        public IReadOnlyList<uint> Shards { get; } = tx.Shards();

        /// <summary>Timed: polled until it settles (one in every rate/40 txs).</summary>
        public bool Sampled { get; init; }

        public TimeSpan? SubmittedAt { get; set; }

        /// <summary>Submitted again after it did not settle (its latency is not counted).</summary>
        public bool Resent { get; set; }

        public TimeSpan? SettledAt { get; set; }
    }
}

/// <summary>How the cross-shard txs of a launch ended (every live node asked at the end).</summary>
public sealed record CrossShardOutcome(int Generated, int Submitted, int Committed, int Aborted, int Pending, IReadOnlyList<string> Violations,
    long RefusedLegs, double? LatencyP50Ms, double? LatencyP99Ms)
{
    /// <summary>Txs whose legs the launcher submitted again after ten seconds without settling (a node that took them died).</summary>
    public int Resent { get; init; }
}
