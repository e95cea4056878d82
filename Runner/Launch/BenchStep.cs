namespace DumboFL.Runner.Launch;

/// <summary>One measured step of the bench: offered load against what the cluster committed, and at what latency.</summary>
public sealed record BenchStep
{
    public required double OfferedRate { get; init; }

    /// <summary>Seconds measured (after the warm-up).</summary>
    public required double Seconds { get; init; }

    /// <summary>Entries committed per second, summed over shards.</summary>
    public required double CommittedTps { get; init; }

    /// <summary>Entries the nodes took into their pools per second.</summary>
    public required double AcceptedTps { get; init; }

    public required double? P50 { get; init; }

    public required double? P99 { get; init; }

    public required long Throttled { get; init; }

    /// <summary>Offered entries no node took in time (the pacer's dropped backlog).</summary>
    public required long Dropped { get; init; }

    /// <summary>Pending entries over all nodes when the step ended.</summary>
    public required long PoolAtEnd { get; init; }

    /// <summary>CPU cores each node used during the step (CPU seconds / wall seconds).</summary>
    public required IReadOnlyDictionary<string, double> NodeCores { get; init; }

    /// <summary>Each node's resident set when the measured part ended (VmRSS; the run's peak is in the process table).</summary>
    public IReadOnlyDictionary<string, long> NodeRssBytes { get; init; } = new Dictionary<string, long>();

    /// <summary>CPU cores the launcher (load generator, polling) used.</summary>
    public required double LauncherCores { get; init; }

    public string Label { get; init; } = "sweep";
}
