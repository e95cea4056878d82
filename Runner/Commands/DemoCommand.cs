using System.CommandLine;
using DumboFL.Simulator;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl demo</c>: the default showcase. Until the networked node exists it runs a small simulated
/// shard (n = 4, one crashed node) and prints its summary; it finishes in seconds.
/// </summary>
public static class DemoCommand
{
    public const int Nodes = 4;
    public const int Epochs = 5;
    public const int Batch = 100;

    public static Command Create(CliContext context)
    {
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Seed of the run (default: random, printed)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of tables" };
        var command = new Command("demo", $"Run a short demonstration: a simulated shard of {Nodes} nodes, one of them crashed, {Epochs} epochs")
        {
            seed, json,
        };
        command.SetAction(result =>
        {
            var options = new SimulationOptions
            {
                Nodes = Nodes,
                Epochs = Epochs,
                Batch = Batch,
                Seed = result.GetValue(seed) ?? SimCommand.RandomSeed(),
                Faults = FaultPlan.Of(AdversaryKind.Crash, 1),
            };
            return SimulationRun.Execute(options, result.GetValue(json), context);
        });
        return command;
    }
}
