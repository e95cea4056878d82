using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DumboFL.Runner.Launch;

namespace DumboFL.Runner.Fl;

/// <summary>What the live view shows: the rounds finished so far and where each node is.</summary>
public sealed record FlTick(TimeSpan Elapsed, IReadOnlyList<FlRoundSummary> Rounds, IReadOnlyDictionary<string, string> Phases, int TotalRounds);

/// <summary>The outcome of a <c>dumbofl fl</c> run.</summary>
public sealed record FlResult
{
    public required FlOptions Options { get; init; }

    public required string OutDirectory { get; init; }

    public required IReadOnlyList<FlRoundSummary> Rounds { get; init; }

    public required IReadOnlyList<string> CorruptPeers { get; init; }

    /// <summary>Each node's swarm counters at the end (its <c>GET /fl</c> "swarm" object).</summary>
    public required IReadOnlyDictionary<string, JsonObject> Swarm { get; init; }

    public required double Seconds { get; init; }

    public required IReadOnlyList<string> Problems { get; init; }

    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// One <c>dumbofl fl</c>: fresh keys, <c>fl.json</c>, K×N node processes each running an FL client, <c>GET /fl</c> polled
/// until every honest node finished every round (or the timeout), then the checks: all rounds done, and every honest node
/// of a shard reports the same model hash in every round.
/// </summary>
public sealed class FlRun
{
    public const string SettingsFile = "fl.json";

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(250);

    private readonly FlOptions _options;
    private readonly string _outDirectory;
    private readonly DumboflExecutable _dumbofl;
    private readonly Action<FlTick>? _onTick;

    public FlRun(FlOptions options, string outDirectory, DumboflExecutable dumbofl, Action<FlTick>? onTick)
    {
        _options = options;
        _outDirectory = Path.GetFullPath(outDirectory);
        _dumbofl = dumbofl;
        _onTick = onTick;
    }

    public async Task<FlResult> RunAsync(CancellationToken interrupt)
    {
        var layout = ClusterLayout.Generate(_outDirectory, _options.Shards, _options.Nodes);
        var corrupt = _options.CorruptNodeIds();
        var settings = _options.Settings with { CorruptPeers = corrupt };
        var settingsPath = Path.Combine(_outDirectory, SettingsFile);
        FlSettingsFile.Write(settingsPath, settings);
        var ids = layout.NodeIds;
        var honest = ids.Where(id => !corrupt.Contains(id)).ToHashSet(StringComparer.Ordinal);
        await using var local = new LocalCluster(_dumbofl, layout.ClusterDirectory, _outDirectory, ids, ["--fl", settingsPath]);
        await local.StartAllAsync(LaunchRun.StartTimeout(ids.Count), interrupt).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var latest = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var problems = await WatchAsync(local, latest, honest, settings.Rounds, _options.Timeout, interrupt,
            () => _onTick?.Invoke(new FlTick(clock.Elapsed, Summaries(latest, honest),
                latest.ToDictionary(p => p.Key, p => Phase(p.Value), StringComparer.Ordinal), settings.Rounds))).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        await local.StopAllAsync(LocalCluster.StopGrace).ConfigureAwait(false);

        var summaries = Summaries(latest, honest);
        problems.AddRange(Disagreements(summaries));
        return new FlResult
        {
            Options = _options with { Settings = settings },
            OutDirectory = _outDirectory,
            Rounds = summaries,
            CorruptPeers = corrupt,
            Swarm = latest.ToDictionary(p => p.Key, p => p.Value["swarm"]!.AsObject(), StringComparer.Ordinal),
            Seconds = seconds,
            Problems = problems,
        };
    }

    /// <summary>
    /// Polls every live node's <c>GET /fl</c> into <paramref name="latest"/> until every node of <paramref name="waitFor"/>
    /// finished, one of them died or its FL client failed, <paramref name="patience"/> ran out, or the run was
    /// interrupted; returns what went wrong (empty when they all finished). Nodes that are not alive at the start
    /// (killed by a launch plan) are not waited for.
    /// </summary>
    public static async Task<List<string>> WatchAsync(LocalCluster local, Dictionary<string, JsonObject> latest, IReadOnlySet<string> waitFor,
        int rounds, TimeSpan patience, CancellationToken interrupt, Action? onPoll = null)
    {
        var clock = Stopwatch.StartNew();
        var expected = waitFor.Where(local.IsAlive).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            await PollAsync(local, latest, interrupt).ConfigureAwait(false);
            onPoll?.Invoke();
            if (AllFinished(latest, expected))
            {
                return [];
            }
            if (expected.FirstOrDefault(id => !local.IsAlive(id)) is { } dead)
            {
                return [$"node {dead} exited (log: {local.LogPath(dead)})"];
            }
            if (expected.FirstOrDefault(id => latest.TryGetValue(id, out var fl) && fl["failed"]?.GetValue<bool>() == true) is { } failed)
            {
                return [$"the FL client of node {failed} failed (log: {local.LogPath(failed)})"];
            }
            if (clock.Elapsed > patience)
            {
                return [$"not every FL client finished {rounds} rounds within {patience.TotalSeconds:0} s: " +
                    string.Join(", ", expected.Order(StringComparer.Ordinal).Select(id => $"{id} {(latest.TryGetValue(id, out var fl) ? Phase(fl) : "no answer")}"))];
            }
            try
            {
                await Task.Delay(s_poll, interrupt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return ["interrupted"];
            }
        }
    }

    /// <summary>A problem for every round whose honest nodes of one shard report different models.</summary>
    public static IEnumerable<string> Disagreements(IEnumerable<FlRoundSummary> rounds) =>
        rounds.Where(r => !r.HashesIdentical).Select(r => $"round {r.Round}: honest nodes of a shard computed different models");

    /// <summary>Every live node's <c>GET /fl</c> into <paramref name="latest"/>; a node that does not answer keeps its last answer.</summary>
    public static async Task PollAsync(LocalCluster local, Dictionary<string, JsonObject> latest, CancellationToken cancel)
    {
        foreach (var id in local.LiveNodes)
        {
            try
            {
                latest[id] = await local.Api(id).FlAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                // A slow answer is asked again at the next poll.
            }
        }
    }

    /// <summary>Whether every node of <paramref name="nodes"/> reported its FL client finished.</summary>
    public static bool AllFinished(IReadOnlyDictionary<string, JsonObject> latest, IEnumerable<string> nodes) =>
        nodes.All(id => latest.TryGetValue(id, out var fl) && fl["finished"]?.GetValue<bool>() == true);

    public static string Phase(JsonObject fl) =>
        fl["finished"]?.GetValue<bool>() == true ? "finished" : $"round {fl["round"]} {fl["phase"]}";

    /// <summary>Rounds every honest node has finished, with every node's view of them.</summary>
    public static List<FlRoundSummary> Summaries(IReadOnlyDictionary<string, JsonObject> latest, IReadOnlySet<string> honest)
    {
        var views = latest.SelectMany(p => p.Value["rounds"]!.AsArray().Select(r => NodeRound.Parse(p.Key, r!))).ToList();
        var summaries = new List<FlRoundSummary>();
        foreach (var round in views.GroupBy(v => v.Round).OrderBy(g => g.Key))
        {
            if (honest.All(id => round.Any(v => v.Node == id)))
            {
                summaries.Add(FlRoundSummary.Of(round.Key, [.. round], ShardOf, honest.Contains));
            }
        }
        return summaries;
    }

    private static uint ShardOf(string id) => NodeIds.TryParse(id, out var shard, out _) ? (uint)shard : 0;
}
