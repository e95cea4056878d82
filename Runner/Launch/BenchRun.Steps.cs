using System.Diagnostics;

namespace DumboFL.Runner.Launch;

/// <summary>Measuring: one step of offered load, the drain after it, and the memory run's samples.</summary>
public sealed partial class BenchRun
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Offers <paramref name="rate"/> for a step: a warm-up (pools fill, latency reaches its level), then the
    /// measured part between two status snapshots; then the load stops and the pools drain, so the next step
    /// starts from empty pools and does not inherit this one's backlog.
    /// </summary>
    private async Task<BenchStep> MeasureAsync(StepContext context, double rate, string label, CancellationToken interrupt)
    {
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(_options.StepSeconds / 4, 2, 5));
        context.Load.SetRate(rate);
        await Task.Delay(warmUp, interrupt).ConfigureAwait(false);

        var before = await context.Poller.PollAsync(interrupt).ConfigureAwait(false);
        var loadBefore = LoadTotals.Of(context.Load);
        var cpuBefore = Cpu(context.Local);
        var launcherBefore = LauncherCpu();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(_options.StepSeconds) - warmUp, interrupt).ConfigureAwait(false);
        var after = await context.Poller.PollAsync(interrupt).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var loadDelta = LoadTotals.Of(context.Load).Since(loadBefore);
        var statsAfter = Stats(context.Local);
        var cpuAfter = statsAfter.ToDictionary(p => p.Key, p => p.Value.CpuSeconds, StringComparer.Ordinal);
        var launcherCores = (LauncherCpu() - launcherBefore) / seconds;
        context.Load.SetRate(0);

        var committed = context.Layout.Shards.Select((nodes, s) =>
            new ShardView(s, nodes, after).Committed - new ShardView(s, nodes, before).Committed).Sum();
        var latency = LatencyBetween(before, after);
        var step = new BenchStep
        {
            Label = label,
            OfferedRate = rate,
            Seconds = seconds,
            CommittedTps = committed / seconds,
            AcceptedTps = loadDelta.Accepted / seconds,
            P50 = latency.Quantile(0.5),
            P99 = latency.Quantile(0.99),
            Throttled = loadDelta.Throttled,
            Dropped = loadDelta.Dropped,
            PoolAtEnd = after.Values.Sum(s => s.Pool),
            NodeCores = cpuAfter.Where(c => cpuBefore.ContainsKey(c.Key))
                .ToDictionary(c => c.Key, c => (c.Value - cpuBefore[c.Key]) / seconds, StringComparer.Ordinal),
            LauncherCores = launcherCores,
            NodeRssBytes = statsAfter.ToDictionary(p => p.Key, p => p.Value.RssBytes, StringComparer.Ordinal),
        };
        context.Steps.Add(step);
        Report(step);
        await DrainAsync(context, interrupt).ConfigureAwait(false);
        return step;
    }

    /// <summary>Every node's histogram growth between two snapshots, added up: the latency of what committed in between.</summary>
    private static LatencyHistogram LatencyBetween(IReadOnlyDictionary<string, NodeStatus> before, IReadOnlyDictionary<string, NodeStatus> after) =>
        after.Aggregate(LatencyHistogram.Empty, (sum, pair) =>
            sum.Add(before.TryGetValue(pair.Key, out var earlier) ? pair.Value.Latency.Since(earlier.Latency) : pair.Value.Latency));

    private async Task DrainAsync(StepContext context, CancellationToken interrupt)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < DrainLimit)
        {
            var statuses = await context.Poller.PollAsync(interrupt).ConfigureAwait(false);
            if (statuses.Values.All(s => s.Pool == 0))
            {
                return;
            }
            await Task.Delay(250, interrupt).ConfigureAwait(false);
        }
        _warnings.Add($"pools not empty {DrainLimit.TotalSeconds:F0} s after a step: the next step starts with a backlog");
    }

    /// <summary>The memory run: a fixed rate for <paramref name="seconds"/>, every node's RSS every 10 s.</summary>
    private async Task<RssSeries> RssRunAsync(StepContext context, int rate, double seconds, CancellationToken interrupt)
    {
        var interval = TimeSpan.FromSeconds(BenchOptions.RssIntervalSeconds);
        var times = new List<double>();
        var rss = context.Local.NodeIds.ToDictionary(id => id, _ => new List<long>(), StringComparer.Ordinal);
        var tps = new List<double>();
        var p50 = new List<double?>();
        context.Load.SetRate(rate);
        var clock = Stopwatch.StartNew();
        var previous = await context.Poller.PollAsync(interrupt).ConfigureAwait(false);
        var previousAt = 0.0;
        using var timer = new PeriodicTimer(interval);
        while (true)
        {
            var at = clock.Elapsed.TotalSeconds;
            var statuses = await context.Poller.PollAsync(interrupt).ConfigureAwait(false);
            times.Add(Math.Round(at, 1));
            foreach (var id in context.Local.NodeIds)
            {
                var stats = context.Local.Process(id) is { HasExited: false } p ? ProcessStats.Read(p.Pid) : null;
                rss[id].Add(stats?.RssBytes ?? 0);
            }
            var committed = context.Layout.Shards.Select((nodes, s) =>
                new ShardView(s, nodes, statuses).Committed - new ShardView(s, nodes, previous).Committed).Sum();
            tps.Add(at > previousAt ? committed / (at - previousAt) : 0);
            p50.Add(LatencyBetween(previous, statuses).Quantile(0.5));
            _progress.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"dumbofl bench: t={at,6:F0} s committed {tps[^1],8:F0} tx/s p50 {Ms(p50[^1])} ms RSS MB {RssLine(context.Local.NodeIds, rss)}"));
            previous = statuses;
            previousAt = at;
            if (at >= seconds || !await timer.WaitForNextTickAsync(interrupt).ConfigureAwait(false))
            {
                break;
            }
        }
        context.Load.SetRate(0);
        return new RssSeries
        {
            OfferedRate = rate,
            Seconds = times,
            RssBytes = rss.ToDictionary(p => p.Key, p => (IReadOnlyList<long>)p.Value, StringComparer.Ordinal),
            CommittedTps = tps,
            P50 = p50,
        };
    }

    private static string RssLine(IEnumerable<string> ids, Dictionary<string, List<long>> rss) =>
        string.Join(" ", ids.Select(id => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id}={rss[id][^1] / 1048576.0:F0}")));
}
