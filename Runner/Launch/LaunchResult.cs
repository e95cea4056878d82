namespace DumboFL.Runner.Launch;

/// <summary>Everything <c>dumbofl launch</c> reports.</summary>
public sealed record LaunchResult
{
    public required LaunchOptions Options { get; init; }

    public required string OutDirectory { get; init; }

    public required IReadOnlyList<ShardOutcome> Shards { get; init; }

    public required double LoadSeconds { get; init; }

    public required LoadTotals Load { get; init; }

    public required IReadOnlyDictionary<string, string> DataDirectories { get; init; }

    /// <summary>Exit code of each node after the final SIGTERM (or its kill).</summary>
    public required IReadOnlyDictionary<string, int> ExitCodes { get; init; }

    /// <summary>Peak RSS and CPU of each node still running at the end.</summary>
    public required IReadOnlyDictionary<string, ProcessStats> Processes { get; init; }

    /// <summary>Things that went wrong outside the shards' checks (a node that died on its own, a node that would not stop).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public bool Interrupted { get; init; }

    /// <summary>How the cross-shard txs ended, with <c>--cross-shard</c>; null otherwise.</summary>
    public CrossShardOutcome? CrossShard { get; init; }

    /// <summary>The FL experiment's rounds (every round all live nodes finished), when the run had one.</summary>
    public IReadOnlyList<DumboFL.Runner.Fl.FlRoundSummary>? FlRounds { get; init; }

    /// <summary>What went wrong with the FL experiment (not finished in time, honest nodes disagreeing).</summary>
    public IReadOnlyList<string> FlProblems { get; init; } = [];

    public IEnumerable<string> Failures() =>
        Shards.SelectMany(s => s.Failures())
            .Concat(FlProblems.Select(p => $"fl: {p}"))
            .Concat((CrossShard?.Violations ?? []).Select(v => $"cross-shard: {v}"))
            .Concat(Interrupted ? ["interrupted before the end"] : []);

    public bool Passed => !Failures().Any();
}
