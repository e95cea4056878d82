namespace DumboFL.Runner.Launch;

/// <summary>One shard at the end of a launch: what it committed, how fast, how late, and whether its nodes agree.</summary>
public sealed record ShardOutcome
{
    public required int Shard { get; init; }

    /// <summary>Entries committed while the load ran (the furthest node's count).</summary>
    public required long CommittedTx { get; init; }

    /// <summary><see cref="CommittedTx"/> over the load's duration.</summary>
    public required double Tps { get; init; }

    /// <summary>Commit latency over the shard's nodes' histograms merged (ms); null without samples.</summary>
    public required double? P50 { get; init; }

    public required double? P99 { get; init; }

    public required long LatencySamples { get; init; }

    public required IReadOnlyDictionary<string, long?> Heights { get; init; }

    public required long Epoch { get; init; }

    public required ShardAgreement Agreement { get; init; }

    public IReadOnlyList<string> Killed { get; init; } = [];

    /// <summary>With a kill: whether the common height passed the height at the (last) kill; null without one.</summary>
    public bool? CommitsAfterKill { get; init; }

    public IEnumerable<string> Failures()
    {
        if (CommittedTx <= 0)
        {
            yield return $"shard {Shard}: nothing committed";
        }
        if (!Agreement.Agreement)
        {
            yield return $"shard {Shard}: agreement FAILED: {string.Join("; ", Agreement.Problems)}";
        }
        if (CommitsAfterKill == false)
        {
            yield return $"shard {Shard}: no block committed after the kill of {string.Join(", ", Killed)}";
        }
    }

    public bool Passed => !Failures().Any();
}
