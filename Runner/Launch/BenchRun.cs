using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>
/// One <c>dumbofl bench</c>: a cluster started once, then a sweep of offered load to saturation and a step at
/// half of it (or a long memory run at a fixed rate). Progress lines go to <c>progress</c> as steps finish.
/// </summary>
public sealed partial class BenchRun
{
    private readonly BenchOptions _options;
    private readonly string _outDirectory;
    private readonly DumboflExecutable _dumbofl;
    private readonly TextWriter _progress;
    private readonly List<string> _warnings = [];

    public BenchRun(BenchOptions options, string outDirectory, DumboflExecutable dumbofl, TextWriter progress)
    {
        _options = options;
        _outDirectory = Path.GetFullPath(outDirectory);
        _dumbofl = dumbofl;
        _progress = progress;
    }

    public async Task<BenchResult> RunAsync(CancellationToken interrupt)
    {
        var layout = ClusterLayout.Generate(_outDirectory, _options.Shards, _options.Nodes);
        await using var local = new LocalCluster(_dumbofl, layout.ClusterDirectory, _outDirectory, layout.NodeIds,
            ClusterLayout.NodeArguments(_options.Batch, _options.EpochIntervalMs));
        await local.StartAllAsync(LaunchRun.StartTimeout(layout.NodeIds.Count), interrupt).ConfigureAwait(false);
        await using var poller = new StatusPoller(local, LaunchRun.TickInterval);
        await using var load = new LoadGenerator(local, layout.Shards, new LoadEntries(_options.TxSize, 0), 0);
        load.Start();
        var context = new StepContext(local, poller, load, layout);

        var result = new BenchResult { Options = _options, OutDirectory = _outDirectory, Processes = new Dictionary<string, ProcessStats>() };
        try
        {
            result = _options.RssSeconds is { } seconds
                ? result with { Rss = await RssRunAsync(context, _options.Rate!.Value, seconds, interrupt).ConfigureAwait(false) }
                : await SweepAsync(context, result, interrupt).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            result = result with { Interrupted = true, Steps = context.Steps.ToArray() };
        }
        await load.StopAsync().ConfigureAwait(false);
        foreach (var id in local.NodeIds.Where(id => !local.IsAlive(id)))
        {
            _warnings.Add($"node {id} died during the bench (log: {local.LogPath(id)})");
        }
        var processes = local.NodeIds.Where(local.IsAlive)
            .Select(id => (id, Stats: ProcessStats.Read(local.Process(id)!.Pid)))
            .Where(p => p.Stats is not null)
            .ToDictionary(p => p.id, p => p.Stats!, StringComparer.Ordinal);
        var launcher = ProcessStats.Read(Environment.ProcessId);
        await local.StopAllAsync(LocalCluster.StopGrace).ConfigureAwait(false);
        if (!_options.KeepData)
        {
            DeleteData(local);
        }
        return result with { Processes = processes, Launcher = launcher, Warnings = _warnings };
    }

    /// <summary>
    /// A saturation bench writes gigabytes of ledger per node: unless asked to keep them, the data directories go once
    /// every node has stopped (a node that did not stop keeps its directory, with a warning).
    /// </summary>
    private void DeleteData(LocalCluster local)
    {
        foreach (var id in local.NodeIds)
        {
            if (local.IsAlive(id))
            {
                _warnings.Add($"node {id} still runs: its data directory {local.DataDirectory(id)} is kept");
                continue;
            }
            try
            {
                Directory.Delete(local.DataDirectory(id), recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _warnings.Add($"could not delete {local.DataDirectory(id)}: {e.Message}");
            }
        }
    }

    private async Task<BenchResult> SweepAsync(StepContext context, BenchResult result, CancellationToken interrupt)
    {
        var rate = (double)_options.StartRate;
        var step = await MeasureAsync(context, rate, "sweep", interrupt).ConfigureAwait(false);
        string reason;
        if (step.P50 > BenchOptions.LatencyLimitMs)
        {
            // Already past the knee at the start rate: halve until the latency limit holds, so there is a step below it.
            reason = $"p50 {step.P50:F0} ms > {BenchOptions.LatencyLimitMs:F0} ms at the start rate {rate:F0} tx/s";
            while (step.P50 > BenchOptions.LatencyLimitMs && rate / 2 >= BenchOptions.MinRate)
            {
                rate /= 2;
                step = await MeasureAsync(context, rate, "sweep", interrupt).ConfigureAwait(false);
            }
        }
        else
        {
            reason = await DoubleUntilSaturatedAsync(context, step, interrupt).ConfigureAwait(false);
        }
        // Doubling brackets the knee coarsely: bisecting between the best rate and the next one narrows it.
        for (var i = 0; i < BenchOptions.MaxRefinements && NextRefinement(context.Steps) is { } refine; i++)
        {
            await MeasureAsync(context, refine, "refine", interrupt).ConfigureAwait(false);
        }
        var best = Saturation(context.Steps);
        var half = await MeasureAsync(context, Math.Max(1, best.CommittedTps / 2), "half", interrupt).ConfigureAwait(false);
        return result with { Steps = context.Steps.ToArray(), Saturation = best, Half = half, StopReason = reason };
    }

    /// <summary>Doubles the offered load until committed tx/s grows by less than 5 % or p50 passes the latency limit (1 s); returns why it stopped.</summary>
    private async Task<string> DoubleUntilSaturatedAsync(StepContext context, BenchStep first, CancellationToken interrupt)
    {
        var previous = first;
        while (true)
        {
            var rate = previous.OfferedRate * 2;
            if (rate > _options.MaxRate)
            {
                return $"--max-rate {_options.MaxRate} reached";
            }
            var step = await MeasureAsync(context, rate, "sweep", interrupt).ConfigureAwait(false);
            if (step.P50 > BenchOptions.LatencyLimitMs)
            {
                return $"p50 {step.P50:F0} ms > {BenchOptions.LatencyLimitMs:F0} ms at {rate:F0} tx/s offered";
            }
            if (step.CommittedTps < previous.CommittedTps * BenchOptions.GrowthThreshold)
            {
                return $"committed tx/s grew < 5 % from {previous.OfferedRate:F0} to {rate:F0} tx/s offered";
            }
            previous = step;
        }
    }

    /// <summary>
    /// The offered rate halfway between the saturation step and the nearest rate above it that was measured, or null
    /// when there is none or the two are within 10 % of each other.
    /// </summary>
    public static double? NextRefinement(IReadOnlyList<BenchStep> steps)
    {
        var best = Saturation(steps);
        var above = steps.Where(s => s.Label != "half" && s.OfferedRate > best.OfferedRate).MinBy(s => s.OfferedRate);
        if (above is null || above.OfferedRate - best.OfferedRate < best.OfferedRate * 0.1)
        {
            return null;
        }
        return Math.Round((best.OfferedRate + above.OfferedRate) / 2);
    }

    /// <summary>The step with the most committed tx/s among those with p50 within the limit (if any is).</summary>
    public static BenchStep Saturation(IReadOnlyList<BenchStep> steps)
    {
        var candidates = steps.Where(s => s.Label != "half" && s.P50 is not > BenchOptions.LatencyLimitMs).ToArray();
        return (candidates.Length > 0 ? candidates : steps.Where(s => s.Label != "half").ToArray()).MaxBy(s => s.CommittedTps)!;
    }

    private void Report(BenchStep step) =>
        _progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dumbofl bench: {step.Label,-6} offered {step.OfferedRate,9:F0} tx/s, accepted {step.AcceptedTps,9:F0} → committed {step.CommittedTps,9:F0} tx/s, " +
            $"p50 {Ms(step.P50)} ms, p99 {Ms(step.P99)} ms, 429s {step.Throttled}, node CPU {step.NodeCores.Values.Sum():F2} cores, " +
            $"max node RSS {(step.NodeRssBytes.Count == 0 ? 0 : step.NodeRssBytes.Values.Max()) / 1048576.0:F0} MB, " +
            $"launcher {step.LauncherCores:F2} cores"));

    private static string Ms(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static Dictionary<string, double> Cpu(LocalCluster local) =>
        Stats(local).ToDictionary(p => p.Key, p => p.Value.CpuSeconds, StringComparer.Ordinal);

    private static Dictionary<string, ProcessStats> Stats(LocalCluster local) => local.NodeIds
        .Select(id => (id, Stats: local.Process(id) is { HasExited: false } p ? ProcessStats.Read(p.Pid) : null))
        .Where(p => p.Stats is not null)
        .ToDictionary(p => p.id, p => p.Stats!, StringComparer.Ordinal);

    // From /proc like the nodes' figures, so the launcher's share is measured the same way.
    private static double LauncherCpu() => ProcessStats.Read(Environment.ProcessId)?.CpuSeconds ?? 0;

    private sealed record StepContext(LocalCluster Local, StatusPoller Poller, LoadGenerator Load, ClusterLayout Layout)
    {
        public List<BenchStep> Steps { get; } = [];
    }
}
