using System.CommandLine;
using System.Globalization;
using DumboFL.Runner.Cluster;
using DumboFL.Runner.Launch;
using DumboFL.Runner.Output;
using Spectre.Console;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl launch</c>: a local cluster of K×N node processes under load through their client APIs, with
/// optional kills; checks that every shard commits and agrees, then stops every node.
/// </summary>
public static class LaunchCommand
{
    public static Command Create(CliContext context)
    {
        var shards = new Option<int>("--shards") { Description = "Shards", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes", "-n") { Description = "Nodes per shard (n = 3f+1 ≥ 4)", DefaultValueFactory = _ => 4 };
        var duration = new Option<double>("--duration", "-d")
        {
            Description = "Seconds of load",
            DefaultValueFactory = _ => LaunchOptions.DefaultDuration,
        };
        var rate = new Option<int>("--rate", "-r")
        {
            Description = "Offered load over the whole cluster, transactions per second (split evenly over the shards)",
            DefaultValueFactory = _ => LaunchOptions.DefaultRate,
        };
        var txSize = new Option<int>("--tx-size")
        {
            Description = "Bytes of each transaction's canonical encoding",
            DefaultValueFactory = _ => LaunchOptions.DefaultTxSize,
        };
        var batch = new Option<int?>("--batch", "-b") { Description = "B: entries per epoch across a shard (passed to every node)" };
        var epochInterval = new Option<int?>("--epoch-interval") { Description = "Milliseconds between epochs a node opens while less than a full proposal is pending, passed to every node (default: the node's, 0 = back to back)" };
        var invalid = new Option<double>("--invalid")
        {
            Description = "Share (0..1) of the load that is invalid (model updates from unknown clients, refused by the API)",
            HelpName = "FRACTION",
        };
        var crossShard = new Option<double>("--cross-shard")
        {
            Description = "Share (0..1) of the load that is cross-shard txs (one to three input shards, legs invalid with probability --invalid); " +
                "reports committed, aborted, pending, violations and cross-shard latency. Needs --shards 2 or more",
            HelpName = "FRACTION",
        };
        var kill = new Option<string[]>("--kill")
        {
            Description = "SIGKILL node S-I that many seconds into the load (repeatable)",
            HelpName = "S-I@SEC",
        };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for keys, data and logs (default: a new one under ./runs/)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of tables" };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Run an existing cluster directory (dumbofl keygen) instead of fresh keys on free ports; it fixes --shards and --nodes",
        };
        var nodePrefix = new Option<string?>("--node-prefix")
        {
            Description = "Words before each node's command, {id} replaced by the node id (e.g. 'ip netns exec dfl-{id}', see scripts/netns-cluster.sh)",
        };
        var apiFromCluster = new Option<bool>("--api-from-cluster")
        {
            Description = "Reach each node's API at its cluster-file host and API port instead of the loopback address it prints",
        };

        var command = new Command("launch", "Start a local cluster of node processes, drive load through their APIs, check agreement, stop them")
        {
            shards, nodes, duration, rate, txSize, batch, epochInterval, invalid, crossShard, kill, outDir, json, cluster, nodePrefix, apiFromCluster,
        };
        command.SetAction(result =>
        {
            var errors = new List<string>();
            var kills = new List<KillPlan>();
            foreach (var text in result.GetValue(kill) ?? [])
            {
                if (KillPlan.TryParse(text, out var plan, out var error))
                {
                    kills.Add(plan!);
                }
                else
                {
                    errors.Add(error);
                }
            }
            var (shardCount, nodeCount) = (result.GetValue(shards), result.GetValue(nodes));
            if (result.GetValue(cluster) is { } existing && File.Exists(Path.Combine(existing, ClusterFile.FileName)))
            {
                try
                {
                    var file = ClusterFile.Load(existing);
                    (shardCount, nodeCount) = (file.Shards, file.NodesPerShard);
                }
                catch (ClusterFileException e)
                {
                    errors.Add($"--cluster: {e.Message}");
                }
            }
            var options = new LaunchOptions
            {
                Shards = shardCount,
                Nodes = nodeCount,
                Duration = result.GetValue(duration),
                Rate = result.GetValue(rate),
                TxSize = result.GetValue(txSize),
                Batch = result.GetValue(batch),
                EpochIntervalMs = result.GetValue(epochInterval),
                Invalid = result.GetValue(invalid),
                CrossShard = result.GetValue(crossShard),
                Kills = kills,
                Out = result.GetValue(outDir),
                Cluster = result.GetValue(cluster),
                NodePrefix = result.GetValue(nodePrefix)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
                ApiFromCluster = result.GetValue(apiFromCluster),
            };
            errors.AddRange(options.Validate());
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    context.Error.WriteLine($"dumbofl launch: {error}");
                }
                return ExitCodes.BadArguments;
            }
            return Execute(options, result.GetValue(json), DumboflExecutable.Current(), context);
        });
        return command;
    }

    public static int Execute(LaunchOptions options, bool json, DumboflExecutable dumbofl, CliContext context)
    {
        foreach (var warning in options.Warnings())
        {
            context.Error.WriteLine($"dumbofl launch: warning: {warning}");
        }
        var outDirectory = options.Out ?? LaunchOptions.NewRunDirectory("launch");
        var console = ConsoleFactory.Create(context);
        using var signals = new ShutdownSignals();
        LaunchResult result;
        try
        {
            result = !json && context.IsTerminal
                ? RunLive(console, options, outDirectory, dumbofl, signals.Token)
                : Run(options, outDirectory, dumbofl, context, signals.Token);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            context.Error.WriteLine($"dumbofl launch: interrupted before the load started; every node was stopped (logs: {Path.Combine(outDirectory, "logs")})");
            return ExitCodes.CheckFailed;
        }
        catch (Exception e) when (e is TimeoutException or NodeExitedException or IOException or UnauthorizedAccessException
            or InvalidOperationException or HttpRequestException or System.ComponentModel.Win32Exception or FormatException
            or ArgumentException or ClusterFileException)
        {
            context.Error.WriteLine($"dumbofl launch: {e.Message}");
            context.Error.WriteLine($"dumbofl launch: every node was stopped; logs in {Path.Combine(outDirectory, "logs")}");
            return ExitCodes.CheckFailed;
        }

        if (json)
        {
            context.Out.WriteLine(LaunchJson.Write(result));
        }
        else
        {
            LaunchSummaryView.Render(console, result);
        }
        foreach (var warning in result.Warnings)
        {
            context.Error.WriteLine($"dumbofl launch: warning: {warning}");
        }
        if (!result.Passed)
        {
            foreach (var failure in result.Failures())
            {
                context.Error.WriteLine($"dumbofl launch: {failure}");
            }
            return ExitCodes.CheckFailed;
        }
        return ExitCodes.Ok;
    }

    private static LaunchResult Run(LaunchOptions options, string outDirectory, DumboflExecutable dumbofl, CliContext context, CancellationToken interrupt)
    {
        context.Error.WriteLine($"dumbofl launch: {options.Shards * options.Nodes} nodes, {options.Rate.ToString(CultureInfo.InvariantCulture)} tx/s for " +
            $"{options.Duration.ToString(CultureInfo.InvariantCulture)} s; run directory {outDirectory}");
        return new LaunchRun(options, outDirectory, dumbofl, onTick: null).RunAsync(interrupt).GetAwaiter().GetResult();
    }

    private static LaunchResult RunLive(IAnsiConsole console, LaunchOptions options, string outDirectory, DumboflExecutable dumbofl, CancellationToken interrupt)
    {
        console.MarkupLine($"[grey]starting {options.Shards * options.Nodes} nodes in {Markup.Escape(outDirectory)}…[/]");
        var view = new LaunchLiveView();
        return console.Live(new Markup("[grey]waiting for every node's ready line…[/]"))
            .AutoClear(false)
            .StartAsync(async live =>
            {
                var run = new LaunchRun(options, outDirectory, dumbofl, tick =>
                {
                    live.UpdateTarget(view.Render(tick));
                    live.Refresh();
                });
                return await run.RunAsync(interrupt).ConfigureAwait(false);
            })
            .GetAwaiter().GetResult();
    }
}
