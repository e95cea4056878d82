using DumboFL.Simulator;

namespace DumboFL.TestKit;

/// <summary>Runs a whole simulation the way tests do: cached node keys, nothing printed.</summary>
public static class SimulationHarness
{
    public static SimulationResult Run(SimulationOptions options) =>
        Simulation.Run(options, progress: null, nodeKeys: TestKeys.ForCommittee(options.Nodes));

    public static SimulationResult Run(int nodes, ulong seed, FaultPlan faults, int epochs = 2, int batch = 16) =>
        Run(new SimulationOptions { Nodes = nodes, Seed = seed, Faults = faults, Epochs = epochs, Batch = batch });

    /// <summary>
    /// Runs shard 0 of <paramref name="options"/> with a hand-made load (null: the generated one) and returns the
    /// simulation too, so a test can look at every node's ledger afterwards.
    /// </summary>
    public static (ShardSimulation Simulation, ShardResult Result) RunShard(SimulationOptions options, ShardLoad? load = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }
        var keys = ShardKeys.Create(options.Nodes, SeedDerivation.Derive(options.Seed, "shard", 0), TestKeys.ForCommittee(options.Nodes));
        var simulation = new ShardSimulation(options, 0, keys, progress: null, load);
        return (simulation, simulation.Run());
    }
}
