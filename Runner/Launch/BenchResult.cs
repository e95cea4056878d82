namespace DumboFL.Runner.Launch;

/// <summary>Everything <c>dumbofl bench</c> reports.</summary>
public sealed record BenchResult
{
    public required BenchOptions Options { get; init; }

    public required string OutDirectory { get; init; }

    public IReadOnlyList<BenchStep> Steps { get; init; } = [];

    /// <summary>The sweep step with the most committed tx/s (at p50 ≤ 1 s when there is one).</summary>
    public BenchStep? Saturation { get; init; }

    /// <summary>The step at half the saturation throughput.</summary>
    public BenchStep? Half { get; init; }

    public string StopReason { get; init; } = "";

    public RssSeries? Rss { get; init; }

    /// <summary>Peak RSS and total CPU of each node at the end of the run.</summary>
    public required IReadOnlyDictionary<string, ProcessStats> Processes { get; init; }

    public ProcessStats? Launcher { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Interrupted { get; init; }

    public bool Passed => !Interrupted && (Rss is not null ? Rss.CommittedTps.Skip(1).Any(t => t > 0) : Saturation is { CommittedTps: > 0 });
}
