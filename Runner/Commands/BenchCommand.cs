using System.CommandLine;
using DumboFL.Runner.Launch;
using DumboFL.Runner.Output;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl bench</c>: the saturation point of one local cluster (a sweep of offered load, doubling), the
/// latency at half of it, each node's peak RSS and CPU; or, with <c>--rss-samples</c>, a long memory run.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var shards = new Option<int>("--shards") { Description = "Shards", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes", "-n") { Description = "Nodes per shard (n = 3f+1 ≥ 4)", DefaultValueFactory = _ => 4 };
        var duration = new Option<double>("--duration", "-d")
        {
            Description = "Seconds per step of the sweep (the first quarter, 2–5 s, is warm-up)",
            DefaultValueFactory = _ => BenchOptions.DefaultStepSeconds,
        };
        var txSize = new Option<int>("--tx-size") { Description = "Bytes of each transaction", DefaultValueFactory = _ => LaunchOptions.DefaultTxSize };
        var batch = new Option<int?>("--batch", "-b") { Description = "B: entries per epoch across a shard (passed to every node)" };
        var epochInterval = new Option<int?>("--epoch-interval") { Description = "Milliseconds between epochs a node opens while less than a full proposal is pending, passed to every node (default: the node's, 0 = back to back)" };
        var startRate = new Option<int>("--start-rate")
        {
            Description = "Offered tx/s of the first step; each next step doubles it",
            DefaultValueFactory = _ => BenchOptions.DefaultStartRate,
        };
        var maxRate = new Option<int>("--max-rate")
        {
            Description = "Highest offered tx/s the sweep tries",
            DefaultValueFactory = _ => BenchOptions.DefaultMaxRate,
        };
        var rssSamples = new Option<double?>("--rss-samples")
        {
            Description = "Instead of the sweep: a memory run of SEC seconds at --rate, sampling each node's RSS every 10 s",
            HelpName = "SEC",
        };
        var rate = new Option<int?>("--rate", "-r") { Description = "Offered tx/s of the memory run (--rss-samples)" };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for keys, data and logs (default: a new one under ./runs/)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of tables" };
        var keepData = new Option<bool>("--keep-data")
        {
            Description = "Keep the nodes' ledgers after the run (several GB at saturation); by default only keys, logs and results stay",
        };

        var command = new Command("bench", "Find a local cluster's saturation throughput and its latency there and at half load; or sample node memory over a long run")
        {
            shards, nodes, duration, txSize, batch, epochInterval, startRate, maxRate, rssSamples, rate, outDir, json, keepData,
            SwarmBenchCommand.Create(context),
        };
        command.SetAction(result =>
        {
            var options = new BenchOptions
            {
                Shards = result.GetValue(shards),
                Nodes = result.GetValue(nodes),
                StepSeconds = result.GetValue(duration),
                TxSize = result.GetValue(txSize),
                Batch = result.GetValue(batch),
                EpochIntervalMs = result.GetValue(epochInterval),
                StartRate = result.GetValue(startRate),
                MaxRate = result.GetValue(maxRate),
                RssSeconds = result.GetValue(rssSamples),
                Rate = result.GetValue(rate),
                Out = result.GetValue(outDir),
                KeepData = result.GetValue(keepData),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    context.Error.WriteLine($"dumbofl bench: {error}");
                }
                return ExitCodes.BadArguments;
            }
            return Execute(options, result.GetValue(json), DumboflExecutable.Current(), context);
        });
        return command;
    }

    public static int Execute(BenchOptions options, bool json, DumboflExecutable dumbofl, CliContext context)
    {
        var outDirectory = options.Out ?? LaunchOptions.NewRunDirectory("bench");
        var command = BenchJson.CommandLine(options);
        using var signals = new ShutdownSignals();
        context.Error.WriteLine($"dumbofl bench: {options.Shards * options.Nodes} nodes; run directory {outDirectory}");
        BenchResult result;
        try
        {
            result = new BenchRun(options, outDirectory, dumbofl, context.Error).RunAsync(signals.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            context.Error.WriteLine("dumbofl bench: interrupted before the load started; every node was stopped");
            return ExitCodes.CheckFailed;
        }
        catch (Exception e) when (e is TimeoutException or NodeExitedException or IOException or UnauthorizedAccessException
            or InvalidOperationException or HttpRequestException or System.ComponentModel.Win32Exception or FormatException
            or ArgumentException or DumboFL.Runner.Cluster.ClusterFileException)
        {
            context.Error.WriteLine($"dumbofl bench: {e.Message}");
            context.Error.WriteLine($"dumbofl bench: every node was stopped; logs in {Path.Combine(outDirectory, "logs")}");
            return ExitCodes.CheckFailed;
        }
        var machine = MachineInfo.Current();
        if (json)
        {
            context.Out.WriteLine(BenchJson.Write(result, machine, command));
        }
        else
        {
            BenchSummaryView.Render(ConsoleFactory.Create(context), result, machine, command);
        }
        if (!result.Passed)
        {
            context.Error.WriteLine(result.Interrupted ? "dumbofl bench: interrupted" : "dumbofl bench: nothing was committed");
            return ExitCodes.CheckFailed;
        }
        return ExitCodes.Ok;
    }
}
