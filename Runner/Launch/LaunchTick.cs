namespace DumboFL.Runner.Launch;

/// <summary>What the live view shows, twice a second while the load runs.</summary>
public sealed record LaunchTick(
    TimeSpan Elapsed,
    TimeSpan Duration,
    IReadOnlyList<ShardView> Shards,
    IReadOnlySet<string> Killed,
    IReadOnlySet<string> Dead,
    LoadTotals Load);
