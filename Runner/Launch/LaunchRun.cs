using System.Diagnostics;

namespace DumboFL.Runner.Launch;

/// <summary>
/// One <c>dumbofl launch</c>: keys, K×N node processes, paced load through their APIs, the planned kills, then the
/// checks (something committed, the same block at the common height, commits after a kill) and a clean stop.
/// </summary>
public sealed partial class LaunchRun
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);

    private readonly LaunchOptions _options;
    private readonly string _outDirectory;
    private readonly DumboflExecutable _dumbofl;
    private readonly Action<LaunchTick>? _onTick;
    private readonly List<string> _warnings = [];
    private readonly HashSet<string> _killed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dead = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (double At, long? Height)> _killHeights = [];

    public LaunchRun(LaunchOptions options, string outDirectory, DumboflExecutable dumbofl, Action<LaunchTick>? onTick)
    {
        _options = options;
        _outDirectory = Path.GetFullPath(outDirectory);
        _dumbofl = dumbofl;
        _onTick = onTick;
    }

    /// <summary>Time for every node to print its ready line: dotnet start-up, a few at a time on a small machine.</summary>
    public static TimeSpan StartTimeout(int processes) => TimeSpan.FromSeconds(60 + 2 * processes);

    /// <summary>
    /// Runs it. Throws <see cref="OperationCanceledException"/> when interrupted before the load started, and
    /// whatever stopped the cluster from starting (a node that exits, no ready line in time); every node is
    /// stopped in all cases.
    /// </summary>
    public async Task<LaunchResult> RunAsync(CancellationToken interrupt)
    {
        var layout = _options.Cluster is { } existing
            ? ClusterLayout.Load(existing)
            : ClusterLayout.Generate(_outDirectory, _options.Shards, _options.Nodes);
        var shards = layout.Shards;
        var ids = layout.NodeIds;
        var nodeArguments = ClusterLayout.NodeArguments(_options.Batch, _options.EpochIntervalMs);
        if (_options.Fl is { } fl)
        {
            Directory.CreateDirectory(_outDirectory);
            var flPath = Path.Combine(_outDirectory, Fl.FlRun.SettingsFile);
            Fl.FlSettingsFile.Write(flPath, fl);
            nodeArguments = [.. nodeArguments, "--fl", flPath];
        }
        await using var local = new LocalCluster(_dumbofl, layout.ClusterDirectory, _outDirectory, ids, nodeArguments)
        {
            NodePrefix = _options.NodePrefix,
            ApiAddresses = _options.ApiFromCluster ? layout.ApiAddresses : null,
        };
        await local.StartAllAsync(StartTimeout(ids.Count), interrupt).ConfigureAwait(false);

        await using var poller = new StatusPoller(local, TickInterval);
        poller.Start();
        var crossRate = _options.CrossShard * _options.Rate;
        await using var load = new LoadGenerator(local, shards, new LoadEntries(_options.TxSize, _options.Invalid), _options.Rate - crossRate);
        await using var crossShard = _options.CrossShard > 0 && shards.Count > 1
            ? new CrossShardDriver(local, shards, crossRate, _options.Invalid, _options.TxSize)
            : null;
        var clock = Stopwatch.StartNew();
        load.Start();
        crossShard?.Start();
        var interrupted = await RunLoadAsync(local, poller, load, shards, clock, interrupt).ConfigureAwait(false);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        await load.StopAsync().ConfigureAwait(false);
        CrossShardOutcome? crossShardOutcome = null;
        if (crossShard is not null)
        {
            await crossShard.StopAsync().ConfigureAwait(false);
            // Txs submitted near the end need a few more epochs on two or three shards to settle.
            crossShardOutcome = await crossShard.SettleAsync(interrupted ? TimeSpan.Zero : CrossShardPatience, CancellationToken.None).ConfigureAwait(false);
        }

        var (flRounds, flProblems) = _options.Fl is null ? (null, []) : await FlOutcomeAsync(local, interrupted).ConfigureAwait(false);
        var statuses = await poller.PollAsync(CancellationToken.None).ConfigureAwait(false);
        var totals = LoadTotals.Of(load);
        var outcomes = new List<ShardOutcome>();
        for (var s = 0; s < shards.Count; s++)
        {
            outcomes.Add(await OutcomeAsync(local, s, shards[s], statuses, loadSeconds, interrupted).ConfigureAwait(false));
        }
        var processes = ids.Where(local.IsAlive)
            .Select(id => (id, Stats: ProcessStats.Read(local.Process(id)!.Pid)))
            .Where(p => p.Stats is not null)
            .ToDictionary(p => p.id, p => p.Stats!, StringComparer.Ordinal);
        var codes = await local.StopAllAsync(LocalCluster.StopGrace).ConfigureAwait(false);
        // After a terminal's Ctrl-C the nodes got the SIGINT too; a second signal during their shutdown is no fault.
        foreach (var (id, code) in codes.Where(c => c.Value != 0 && !_killed.Contains(c.Key) && !_dead.Contains(c.Key)
            && !(interrupted && c.Value is (130 or 143))))
        {
            _warnings.Add($"node {id} exited with code {code} after SIGTERM (expected 0; log: {local.LogPath(id)})");
        }
        return new LaunchResult
        {
            Options = _options,
            OutDirectory = _outDirectory,
            Shards = outcomes,
            LoadSeconds = loadSeconds,
            Load = totals,
            DataDirectories = ids.ToDictionary(id => id, local.DataDirectory, StringComparer.Ordinal),
            ExitCodes = codes,
            Processes = processes,
            Warnings = _warnings,
            Interrupted = interrupted,
            CrossShard = crossShardOutcome,
            FlRounds = flRounds,
            FlProblems = flProblems,
        };
    }

    /// <summary>How long the FL experiment may run on after the load stopped.</summary>
    public static readonly TimeSpan FlPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits (up to <see cref="FlPatience"/>) for every live node's FL client to finish, then summarises the rounds every
    /// live node finished. Killed nodes do not count: their clients stopped with them.
    /// </summary>
    private async Task<(IReadOnlyList<Fl.FlRoundSummary>?, IReadOnlyList<string>)> FlOutcomeAsync(LocalCluster local, bool interrupted)
    {
        var latest = new Dictionary<string, System.Text.Json.Nodes.JsonObject>(StringComparer.Ordinal);
        var live = local.LiveNodes.ToHashSet(StringComparer.Ordinal);
        var problems = interrupted
            ? []
            : await Fl.FlRun.WatchAsync(local, latest, live, _options.Fl!.Rounds, FlPatience, CancellationToken.None).ConfigureAwait(false);
        if (interrupted)
        {
            await Fl.FlRun.PollAsync(local, latest, CancellationToken.None).ConfigureAwait(false);
        }
        var reporting = latest.Where(p => live.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var rounds = Fl.FlRun.Summaries(reporting, live);
        problems.AddRange(Fl.FlRun.Disagreements(rounds));
        return (rounds, problems);
    }

    /// <summary>How long the cross-shard txs get to settle after the load stops.</summary>
    public static readonly TimeSpan CrossShardPatience = TimeSpan.FromSeconds(30);

    /// <summary>The load period: kills on schedule, notice nodes that die on their own, feed the live view. True if interrupted.</summary>
    private async Task<bool> RunLoadAsync(LocalCluster local, StatusPoller poller, LoadGenerator load,
        IReadOnlyList<IReadOnlyList<string>> shards, Stopwatch clock, CancellationToken interrupt)
    {
        var duration = TimeSpan.FromSeconds(_options.Duration);
        var kills = new Queue<KillPlan>(_options.Kills.OrderBy(k => k.AtSeconds));
        while (clock.Elapsed < duration)
        {
            while (kills.TryPeek(out var kill) && clock.Elapsed.TotalSeconds >= kill.AtSeconds)
            {
                kills.Dequeue();
                Kill(local, poller, shards, kill, clock.Elapsed.TotalSeconds);
            }
            NoticeDeaths(local);
            _onTick?.Invoke(Tick(poller, load, shards, clock.Elapsed, duration));
            var wait = Min(TimeSpan.FromMilliseconds(250), duration - clock.Elapsed);
            if (kills.TryPeek(out var next))
            {
                wait = Min(wait, TimeSpan.FromSeconds(next.AtSeconds) - clock.Elapsed);
            }
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, interrupt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }
        _onTick?.Invoke(Tick(poller, load, shards, clock.Elapsed, duration));
        return interrupt.IsCancellationRequested;
    }

    private void Kill(LocalCluster local, StatusPoller poller, IReadOnlyList<IReadOnlyList<string>> shards, KillPlan kill, double at)
    {
        var shard = NodeIds.ShardOf(kill.NodeId);
        // The height the shard had reached when the node died: it must grow past it afterwards.
        var view = new ShardView(shard, shards[shard], poller.Latest);
        _killHeights[shard] = (at, view.MaxHeight);
        _killed.Add(kill.NodeId);
        local.Kill(kill.NodeId);
    }

    private void NoticeDeaths(LocalCluster local)
    {
        foreach (var id in local.NodeIds)
        {
            if (!_killed.Contains(id) && !_dead.Contains(id) && local.Process(id) is { HasExited: true } process)
            {
                _dead.Add(id);
                _warnings.Add($"node {id} exited on its own with code {process.ExitCode} (log: {local.LogPath(id)})");
            }
        }
    }

    private LaunchTick Tick(StatusPoller poller, LoadGenerator load, IReadOnlyList<IReadOnlyList<string>> shards, TimeSpan elapsed, TimeSpan duration)
    {
        var statuses = poller.Latest;
        return new LaunchTick(elapsed, duration, shards.Select((nodes, s) => new ShardView(s, nodes, statuses)).ToArray(),
            new HashSet<string>(_killed, StringComparer.Ordinal), new HashSet<string>(_dead, StringComparer.Ordinal), LoadTotals.Of(load));
    }

    private async Task<ShardOutcome> OutcomeAsync(LocalCluster local, int shard, IReadOnlyList<string> nodes,
        IReadOnlyDictionary<string, NodeStatus> statuses, double loadSeconds, bool interrupted)
    {
        var view = new ShardView(shard, nodes, statuses);
        ShardAgreement agreement;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            try
            {
                agreement = await ShardAgreement.CheckAsync(local, nodes, deadline.Token, tolerateStopping: interrupted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                agreement = new ShardAgreement(false, null, null, [$"could not ask the nodes: {e.Message}"]);
            }
        }
        var latency = view.Latency;
        bool? afterKill = null;
        // Judge "still commits after the kill" only when the load ran on for a few seconds after it.
        if (_killHeights.TryGetValue(shard, out var kill) && loadSeconds - kill.At >= 3)
        {
            afterKill = agreement.CommonHeight is { } common && (kill.Height is null || common > kill.Height);
        }
        return new ShardOutcome
        {
            Shard = shard,
            CommittedTx = view.Committed,
            Tps = loadSeconds > 0 ? view.Committed / loadSeconds : 0,
            P50 = latency.Quantile(0.5),
            P99 = latency.Quantile(0.99),
            LatencySamples = latency.Total,
            Heights = view.Heights,
            Epoch = view.Epoch,
            Agreement = agreement,
            Killed = nodes.Where(_killed.Contains).ToArray(),
            CommitsAfterKill = afterKill,
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
