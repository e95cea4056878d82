namespace DumboFL.Runner.SwarmBench;

/// <summary>Every run of every topology asked for, in the order asked.</summary>
public sealed record SwarmBenchResult(SwarmBenchOptions Options, string OutDirectory, IReadOnlyList<SwarmTopologySummary> Topologies);
