using System.CommandLine;
using DumboFL.Runner.Launch;
using DumboFL.Runner.Output;
using DumboFL.Runner.SwarmBench;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl bench swarm</c>: how long one update takes to spread from node 0-0 to every other node over the swarm, per
/// topology, against the loopback bandwidth measured in the same run; the requests spent per chunk; each node's RSS
/// rise. Every node is a <c>dumbofl swarm-peer</c> process on the real transport.
/// </summary>
public static class SwarmBenchCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new SwarmBenchOptions();
        var size = new Option<int>("--size-mib") { Description = "MiB of the update spread", DefaultValueFactory = _ => defaults.SizeMib };
        var nodes = new Option<int>("--nodes", "-n") { Description = "Nodes (one shard; node 0-0 is the source)", DefaultValueFactory = _ => defaults.Nodes };
        var topology = new Option<string>("--topology", "-t")
        {
            Description = "Comma-separated topologies: star, ring, tree, mesh (degree 3), full",
            DefaultValueFactory = _ => SwarmBenchOptions.DefaultTopologies,
        };
        var warmup = new Option<int>("--warmup-mib") { Description = "MiB of an update spread before the timed one, so every peer runs warm (0: none)", DefaultValueFactory = _ => defaults.WarmupMib };
        var tiered = new Option<bool>("--tiered-compilation")
        {
            Description = "Run the peers with tiered compilation, as a node runs (default: each method compiled once, fully optimised, so no re-JIT competes with the spread)",
        };
        var runs = new Option<int>("--runs") { Description = "Runs per topology (medians are reported)", DefaultValueFactory = _ => defaults.Runs };
        var loopback = new Option<int>("--loopback-mib") { Description = "MiB streamed to measure loopback bandwidth (TCP, then TLS) before each run", DefaultValueFactory = _ => defaults.LoopbackMib };
        var seed = new Option<int>("--seed") { Description = "Seeds the update's bytes, the mesh and the engines", DefaultValueFactory = _ => defaults.Seed };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a run may take from go until every node holds the update", DefaultValueFactory = _ => defaults.TimeoutSeconds };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for manifest, keys and logs (default: a new one under ./runs/)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of tables" };
        var keepData = new Option<bool>("--keep-data") { Description = "Keep every node's chunk store after each run (the update's size per node and run)" };
        var command = new Command("swarm", "Time spreading one update from one node to all others over the swarm (mesh, ring, star), against loopback bandwidth")
        {
            size, nodes, topology, runs, warmup, tiered, loopback, seed, timeout, outDir, json, keepData,
        };
        command.SetAction(result =>
        {
            if (!SwarmBenchOptions.TryParseTopologies(result.GetValue(topology)!, out var kinds, out var topologyError))
            {
                context.Error.WriteLine($"dumbofl bench swarm: {topologyError}");
                return ExitCodes.BadArguments;
            }
            var options = new SwarmBenchOptions
            {
                SizeMib = result.GetValue(size),
                Nodes = result.GetValue(nodes),
                Topologies = kinds,
                Runs = result.GetValue(runs),
                WarmupMib = result.GetValue(warmup),
                TieredCompilation = result.GetValue(tiered),
                LoopbackMib = result.GetValue(loopback),
                Seed = result.GetValue(seed),
                TimeoutSeconds = result.GetValue(timeout),
                Out = result.GetValue(outDir),
                KeepData = result.GetValue(keepData),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    context.Error.WriteLine($"dumbofl bench swarm: {error}");
                }
                return ExitCodes.BadArguments;
            }
            return Execute(options, result.GetValue(json), DumboflExecutable.Current(), context);
        });
        return command;
    }

    public static int Execute(SwarmBenchOptions options, bool json, DumboflExecutable dumbofl, CliContext context)
    {
        var outDirectory = options.Out ?? LaunchOptions.NewRunDirectory("bench-swarm");
        var command = SwarmBenchJson.CommandLine(options);
        using var signals = new ShutdownSignals();
        context.Error.WriteLine($"dumbofl bench swarm: {options.Nodes} peers per run; run directory {outDirectory}");
        SwarmBenchResult result;
        try
        {
            result = new SwarmBenchRun(options, outDirectory, dumbofl, context.Error).RunAsync(signals.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            context.Error.WriteLine("dumbofl bench swarm: interrupted; every peer was stopped");
            return ExitCodes.CheckFailed;
        }
        catch (Exception e) when (e is TimeoutException or NodeExitedException or IOException or UnauthorizedAccessException
            or InvalidOperationException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException
            or System.ComponentModel.Win32Exception or ArgumentException or DumboFL.Runner.Cluster.ClusterFileException)
        {
            context.Error.WriteLine($"dumbofl bench swarm: {e.Message}");
            context.Error.WriteLine($"dumbofl bench swarm: every peer was stopped; logs in {outDirectory}");
            return ExitCodes.CheckFailed;
        }
        var machine = MachineInfo.Current();
        if (json)
        {
            context.Out.WriteLine(SwarmBenchJson.Write(result, machine, command));
        }
        else
        {
            SwarmBenchView.Render(ConsoleFactory.Create(context), result, machine, command);
        }
        return ExitCodes.Ok;
    }
}
