using DumboFL.Runner.Output;
using System.CommandLine;
using System.Runtime.InteropServices;
using DumboFL.Ledger.Storage;
using DumboFL.Runner.Cluster;
using DumboFL.Runner.Node;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl node --cluster DIR --id S-I [--data DIR] [--batch B] [--pool-max P] [--epoch-interval MS] [--id-capacity IDS] [--parent-pid PID]</c>: runs one
/// node until SIGINT/SIGTERM. Prints <c>ready S-I api=URL</c> on stdout once it serves; logs go to stderr.
/// </summary>
public static class NodeCommand
{
    public static Command Create(CliContext context)
    {
        var cluster = new Option<string>("--cluster", "-c") { Description = "Cluster directory written by 'dumbofl keygen'", Required = true };
        var id = new Option<string>("--id") { Description = "This node's id, S-I (shard-index)", Required = true };
        var data = new Option<string?>("--data", "-d") { Description = "Data directory (default: CLUSTER/data/S-I)" };
        var batch = new Option<int>("--batch") { Description = "Entries per epoch across the shard", DefaultValueFactory = _ => 24_000 };
        var poolMax = new Option<int>("--pool-max") { Description = "Pending entries beyond which submissions get 429", DefaultValueFactory = _ => 24_000 };
        var epochInterval = new Option<int>("--epoch-interval")
        {
            Description = "Milliseconds a node waits between epochs it opens while less than a full proposal is pending (0: back to back)",
            DefaultValueFactory = _ => (int)NodeOptions.DefaultEpochInterval.TotalMilliseconds,
        };
        epochInterval.Validators.Add(r => { if (r.GetValue(epochInterval) is < 0 or > 60_000) { r.AddError("--epoch-interval must be in [0, 60000] ms"); } });
        var idCapacity = new Option<long>("--id-capacity")
        {
            Description = "Committed entry ids the duplicate filter is sized for at start (2.5 bytes each); past it lookups slow and memory grows",
            DefaultValueFactory = _ => NodeOptions.DefaultIdCapacity,
        };
        idCapacity.Validators.Add(r => { if (r.GetValue(idCapacity) is < 1 or > 1L << 34) { r.AddError("--id-capacity must be in [1, 17179869184]"); } });
        var parent = new Option<int?>("--parent-pid") { Description = "Exit when this process exits" };
        var fl = new Option<string?>("--fl") { Description = "Run an FL client beside the node, with this experiment file (fl.json, written by 'dumbofl fl')" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Debug logging" };
        var apiHost = new Option<string>("--api-host") { Description = "Address the client API binds to", DefaultValueFactory = _ => "127.0.0.1" };
        apiHost.Validators.Add(r => { if (!System.Net.IPAddress.TryParse(r.GetValue(apiHost), out _)) { r.AddError($"--api-host must be an IP address, got '{r.GetValue(apiHost)}'"); } });
        batch.Validators.Add(r => { if (r.GetValue(batch) < 1) { r.AddError("--batch must be at least 1"); } });
        poolMax.Validators.Add(r => { if (r.GetValue(poolMax) < 1) { r.AddError("--pool-max must be at least 1"); } });
        var command = new Command("node", "Run one node of a cluster (consensus, ledger, client API) until stopped")
        {
            cluster, id, data, batch, poolMax, epochInterval, idCapacity, parent, apiHost, fl, verbose,
        };
        command.SetAction((result, cancel) =>
        {
            var clusterDir = result.GetValue(cluster)!;
            var nodeId = result.GetValue(id)!;
            var options = new NodeOptions(clusterDir, nodeId, result.GetValue(data) ?? Path.Combine(clusterDir, "data", nodeId))
            {
                BatchSize = result.GetValue(batch),
                PoolMax = result.GetValue(poolMax),
                EpochInterval = TimeSpan.FromMilliseconds(result.GetValue(epochInterval)),
                IdCapacity = result.GetValue(idCapacity),
                ParentPid = result.GetValue(parent),
                ApiHost = result.GetValue(apiHost)!,
                FlSettings = result.GetValue(fl),
            };
            return RunAsync(options, result.GetValue(verbose), context, cancel);
        });
        return command;
    }

    private static async Task<int> RunAsync(NodeOptions options, bool verbose, CliContext context, CancellationToken cancel)
    {
        // stdout carries only the "ready" line.
        using var loggers = ProcessLogging.Create(verbose);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        try
        {
            return await new NodeHost(options, loggers, context.Out).RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (ClusterFileException e)
        {
            context.Error.WriteLine($"dumbofl node: {e.Message}");
            return ExitCodes.BadArguments;
        }
        catch (Exception e) when (e is LedgerCorruptException or LedgerSchemaException or InvalidDataException)
        {
            context.Error.WriteLine($"dumbofl node: {e.Message}");
            return ExitCodes.CheckFailed;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            context.Error.WriteLine($"dumbofl node: {e.Message}");
            return ExitCodes.BadArguments;
        }
    }
}
