using DumboFL.Runner.Output;
using System.CommandLine;
using System.Runtime.InteropServices;
using DumboFL.Learning.Swarm;
using DumboFL.Runner.Cluster;
using DumboFL.Runner.SwarmBench;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl swarm-peer</c>, internal (hidden from --help): one node of <c>dumbofl bench swarm</c>, started by it as a
/// child process. Speaks the <see cref="PeerReport"/> lines on stdout and takes <c>go</c> / <c>stop</c> on stdin.
/// </summary>
public static class SwarmPeerCommand
{
    public static Command Create(CliContext context)
    {
        var cluster = new Option<string>("--cluster") { Description = "Cluster directory written by keygen", Required = true };
        var id = new Option<string>("--id") { Description = "This node's id, S-I", Required = true };
        var data = new Option<string>("--data") { Description = "Data directory (the chunk store)", Required = true };
        var manifest = new Option<string>("--manifest") { Description = "The update's manifest (root, chunk hashes and sizes, seed)", Required = true };
        var topology = new Option<TopologyKind>("--topology") { Description = "star, ring, tree, mesh or full", DefaultValueFactory = _ => TopologyKind.Mesh };
        topology.Validators.Add(r => { if (r.GetValue(topology) == TopologyKind.Custom) { r.AddError("--topology custom needs an edge list; swarm-peer does not take one"); } });
        var warmup = new Option<string?>("--warmup-manifest") { Description = "A smaller update spread on 'warmup', before 'go'" };
        var seed = new Option<int>("--seed") { Description = "Seeds the mesh and the engine's choices", DefaultValueFactory = _ => 1 };
        var parent = new Option<int?>("--parent-pid") { Description = "Exit when this process exits" };
        var command = new Command("swarm-peer", "Internal: one node of 'dumbofl bench swarm'")
        {
            cluster, id, data, manifest, warmup, topology, seed, parent,
        };
        command.Hidden = true;
        command.SetAction((result, cancel) =>
        {
            var options = new SwarmPeerOptions(result.GetValue(cluster)!, result.GetValue(id)!, result.GetValue(data)!,
                result.GetValue(manifest)!, result.GetValue(topology))
            {
                Seed = result.GetValue(seed),
                ParentPid = result.GetValue(parent),
                WarmupManifestPath = result.GetValue(warmup),
            };
            return RunAsync(options, context, cancel);
        });
        return command;
    }

    private static async Task<int> RunAsync(SwarmPeerOptions options, CliContext context, CancellationToken cancel)
    {
        // stdout carries only the protocol lines.
        using var loggers = ProcessLogging.Create(verbose: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        try
        {
            return await new SwarmPeerHost(options, loggers.CreateLogger("dumbofl.swarm-peer"), context.Out)
                .RunAsync(Console.In, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ClusterFileException or InvalidDataException or ArgumentException)
        {
            context.Error.WriteLine($"dumbofl swarm-peer: {e.Message}");
            return ExitCodes.BadArguments;
        }
    }
}
