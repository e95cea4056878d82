using System.CommandLine;
using DumboFL.Runner.Launch;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl demo</c>: the default showcase, a real local cluster. Four node processes (one shard, f = 1) talk
/// TLS over loopback while a load generator submits transactions through their APIs; one node is killed part-way
/// and the other three keep committing. Finishes by itself in well under two minutes and prints the summary
/// (committed transactions, throughput, latency, heights, agreement). Everything stays in the run directory,
/// so <c>dumbofl verify --data RUN/data/0-0</c> can check a ledger afterwards.
/// </summary>
public static class DemoCommand
{
    public const int Nodes = 4;
    public const int DurationSeconds = 30;
    public const int Rate = 2000;
    public const int KillAtSecond = 15;
    public const int FlRounds = 5;

    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of tables" };
        var outDir = new Option<string?>("--out") { Description = "Run directory (default: a new one under ./runs/)" };
        var command = new Command("demo",
            $"Run a short demonstration: a local cluster of {Nodes} node processes under {Rate} tx/s for {DurationSeconds} s, one node killed at second {KillAtSecond}")
        {
            json, outDir,
        };
        command.SetAction(result =>
        {
            var options = new LaunchOptions
            {
                Shards = 1,
                Nodes = Nodes,
                Duration = DurationSeconds,
                Rate = Rate,
                Kills = [new KillPlan($"0-{Nodes - 1}", KillAtSecond)],
                Out = result.GetValue(outDir) ?? LaunchOptions.NewRunDirectory("demo"),
                Fl = new DumboFL.Learning.Rounds.FlSettings { Rounds = FlRounds },
            };
            if (!result.GetValue(json))
            {
                context.Out.WriteLine($"DumboFL demo: {Nodes} node processes (one shard, tolerates f = 1), {Rate} tx/s of 250-byte transactions for {DurationSeconds} s; node 0-{Nodes - 1} is killed at second {KillAtSecond}.");
                context.Out.WriteLine($"Beside the load every node runs an FL client: {FlRounds} rounds of an MLP on a synthetic task, updates exchanged as verified chunks and aggregated identically everywhere.");
                context.Out.WriteLine($"Run directory: {options.Out}");
            }
            return LaunchCommand.Execute(options, result.GetValue(json), DumboflExecutable.Current(), context);
        });
        return command;
    }
}
