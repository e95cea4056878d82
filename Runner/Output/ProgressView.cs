using DumboFL.Simulator;
using Spectre.Console;

namespace DumboFL.Runner.Output;

/// <summary>Live progress on a terminal: one bar per shard, filled by the slowest honest node's committed epochs.</summary>
public static class ProgressView
{
    public static SimulationResult Run(IAnsiConsole console, SimulationOptions options) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = Enumerable.Range(0, options.Shards)
                    .Select(s => ctx.AddTask($"shard {s}: epoch 0/{options.Epochs}", autoStart: true, maxValue: options.Epochs))
                    .ToArray();
                var gate = new Lock();
                return Simulation.Run(options, progress =>
                {
                    lock (gate)
                    {
                        var task = tasks[progress.Shard];
                        task.Value = Math.Min(progress.EpochsCommitted, (ulong)options.Epochs);
                        task.Description = $"shard {progress.Shard}: epoch {progress.EpochsCommitted}/{options.Epochs}, {progress.MessagesDelivered:N0} messages";
                    }
                });
            });
}
