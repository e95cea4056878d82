using System.Globalization;
using DumboFL.Simulator;

namespace DumboFL.Simulation.Tests;

/// <summary>One seeded simulation a test runs; <see cref="ToString"/> is what NUnit shows as the case's name.</summary>
public sealed record Scenario(int Nodes, FaultPlan Faults, ulong Seed, int Epochs, int Batch, double Invalid = 0)
{
    public SimulationOptions Options => new()
    {
        Nodes = Nodes,
        Faults = Faults,
        Seed = Seed,
        Epochs = Epochs,
        Batch = Batch,
        Invalid = Invalid,
    };

    public override string ToString() =>
        $"n={Nodes} {Faults} seed={Seed}" + (Invalid == 0 ? "" : $" invalid={Invalid.ToString(CultureInfo.InvariantCulture)}");
}
