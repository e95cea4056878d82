using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>
/// What <c>dumbofl bench</c> runs: one cluster, then either a sweep of offered load (doubling from
/// <see cref="StartRate"/>) to saturation plus a step at half of it, or, with <see cref="RssSeconds"/>, one long run
/// at <see cref="Rate"/> that samples every node's resident memory.
/// </summary>
public sealed record BenchOptions
{
    public const double DefaultStepSeconds = 15;
    public const int DefaultStartRate = 5000;
    public const int DefaultMaxRate = 1_280_000;
    public const double GrowthThreshold = 1.05;
    /// <summary>The p50 bound of a saturation step (the node's target: p50 ≤ 1 s at saturation).</summary>
    public const double LatencyLimitMs = 1000;

    /// <summary>Bisection steps between the best step within the latency limit and the nearest step above it.</summary>
    public const int MaxRefinements = 2;
    public const double RssIntervalSeconds = 10;

    /// <summary>The lowest offered load the sweep halves down to when even the start rate is past the knee.</summary>
    public const double MinRate = 100;

    public int Shards { get; init; } = 1;

    public int Nodes { get; init; } = 4;

    /// <summary>Seconds of each step of the sweep (the first part of each is warm-up, not measured).</summary>
    public double StepSeconds { get; init; } = DefaultStepSeconds;

    public int TxSize { get; init; } = LaunchOptions.DefaultTxSize;

    public int? Batch { get; init; }

    /// <summary>Passed to every node as <c>--epoch-interval</c> (milliseconds); null keeps the node's default.</summary>
    public int? EpochIntervalMs { get; init; }

    public int StartRate { get; init; } = DefaultStartRate;

    public int MaxRate { get; init; } = DefaultMaxRate;

    /// <summary>With <see cref="RssSeconds"/>: the fixed offered load of the memory run.</summary>
    public int? Rate { get; init; }

    /// <summary>Length of the memory run (RSS sampled every 10 s); null runs the sweep.</summary>
    public double? RssSeconds { get; init; }

    public string? Out { get; init; }

    /// <summary>Keep the nodes' data directories (their ledgers) after the run; by default they are deleted.</summary>
    public bool KeepData { get; init; }

    public List<string> Validate()
    {
        var errors = new LaunchOptions { Shards = Shards, Nodes = Nodes, TxSize = TxSize, Batch = Batch, EpochIntervalMs = EpochIntervalMs, Out = Out }.Validate();
        if (!(StepSeconds >= 4) || StepSeconds > 3600)
        {
            errors.Add($"--duration (seconds per step) must be in [4, 3600] (got {StepSeconds.ToString(CultureInfo.InvariantCulture)})");
        }
        if (StartRate < 1 || MaxRate < StartRate)
        {
            errors.Add($"--start-rate must be ≥ 1 and ≤ --max-rate (got {StartRate} and {MaxRate})");
        }
        if (RssSeconds is { } seconds && (!(seconds >= RssIntervalSeconds) || seconds > 86_400))
        {
            errors.Add($"--rss-samples must be in [{RssIntervalSeconds}, 86400] seconds (got {seconds.ToString(CultureInfo.InvariantCulture)})");
        }
        if (RssSeconds is not null && Rate is null)
        {
            errors.Add("--rss-samples needs --rate: the fixed offered load of the memory run (e.g. half the saturation rate)");
        }
        if (Rate is < 1)
        {
            errors.Add($"--rate must be at least 1 (got {Rate})");
        }
        if (Rate is not null && RssSeconds is null)
        {
            errors.Add("--rate only applies to a memory run (--rss-samples SEC); the sweep picks its own rates");
        }
        return errors;
    }

    public LaunchOptions AsLaunch() => new() { Shards = Shards, Nodes = Nodes, TxSize = TxSize, Batch = Batch, Out = Out };
}
