using DumboFL.Simulator;

namespace DumboFL.TestKit;

/// <summary>Runs a whole simulation the way tests do: cached node keys, nothing printed.</summary>
public static class SimulationHarness
{
    public static SimulationResult Run(SimulationOptions options) =>
        Simulation.Run(options, progress: null, nodeKeys: TestKeys.ForCommittee(options.Nodes));

    public static SimulationResult Run(int nodes, ulong seed, FaultPlan faults, int epochs = 2, int batch = 16) =>
        Run(new SimulationOptions { Nodes = nodes, Seed = seed, Faults = faults, Epochs = epochs, Batch = batch });
}
