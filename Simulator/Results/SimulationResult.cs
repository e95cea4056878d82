namespace DumboFL.Simulator;

public sealed record SimulationResult(SimulationOptions Options, IReadOnlyList<ShardResult> Shards, TimeSpan WallTime)
{
    public ulong Seed => Options.Seed;

    public bool Passed => Shards.All(s => s.Passed);

    /// <summary>One line per failed check: "shard 0: agreement: FAILED (…)".</summary>
    public IEnumerable<string> Failures => Shards.SelectMany(s => s.Failures.Select(f => $"shard {s.Shard}: {f}"));
}
