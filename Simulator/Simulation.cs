using System.Diagnostics;

namespace DumboFL.Simulator;

/// <summary>
/// Runs K shards (each with a seed derived from the run's seed) and gathers their results. Without cross-shard load
/// the shards share nothing, so they run in parallel, each deterministic on its own; with it they run in one event
/// loop (<see cref="CrossShardSimulation"/>).
/// </summary>
public static class Simulation
{
    /// <param name="nodeKeys">Node keys to reuse for every shard (tests cache them), or null to generate.</param>
    public static SimulationResult Run(SimulationOptions options, Action<ShardProgress>? progress = null,
        IReadOnlyList<Core.Crypto.NodeKey>? nodeKeys = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }
        if (options.CrossShard > 0)
        {
            // Shards of a cross-shard run depend on each other: one event loop, one thread.
            return new CrossShardSimulation(options, progress, nodeKeys).Run();
        }
        var clock = Stopwatch.StartNew();
        var results = new ShardResult[options.Shards];
        Parallel.For(0, options.Shards, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, shard =>
        {
            var keys = ShardKeys.Create(options.Nodes, SeedDerivation.Derive(options.Seed, "shard", shard), nodeKeys);
            results[shard] = new ShardSimulation(options, shard, keys, progress).Run();
        });
        return new SimulationResult(options, results, clock.Elapsed);
    }
}
