namespace DumboFL.Simulator;

public sealed record SimulationResult(SimulationOptions Options, IReadOnlyList<ShardResult> Shards, TimeSpan WallTime)
{
    public ulong Seed => Options.Seed;

    /// <summary>How the cross-shard txs ended, in a cross-shard run; null otherwise.</summary>
    public CrossShardReport? CrossShard { get; init; }

    public bool Passed => Shards.All(s => s.Passed) && CrossShard?.Passed != false;

    /// <summary>One line per failed check: "shard 0: agreement: FAILED (…)", then cross-shard violations.</summary>
    public IEnumerable<string> Failures => Shards.SelectMany(s => s.Failures.Select(f => $"shard {s.Shard}: {f}"))
        .Concat((CrossShard?.Violations ?? []).Select(v => $"cross-shard: {v}"));
}
