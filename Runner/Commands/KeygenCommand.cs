using System.CommandLine;
using System.Globalization;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl keygen --shards K --nodes N --out DIR [--host H] [--base-port P] [--api-base-port P] [--hosts FILE] [--force]</c>:
/// fresh keys for a cluster, written as DIR/cluster.json and DIR/keys/S-I.key (docs/NODE.md, "Cluster files").
/// </summary>
public static class KeygenCommand
{
    public static Command Create(CliContext context)
    {
        var shards = new Option<int>("--shards") { HelpName = "K", Description = "Number of shards", Required = true };
        var nodes = new Option<int>("--nodes", "-n") { HelpName = "N", Description = "Nodes per shard (n = 3f+1 ≥ 4)", Required = true };
        var output = new Option<string>("--out", "-o") { HelpName = "DIR", Description = "Directory for cluster.json and keys/", Required = true };
        var host = new Option<string>("--host")
        {
            HelpName = "HOST",
            Description = "Host of every node not placed by --hosts",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var basePort = new Option<int>("--base-port")
        {
            HelpName = "P",
            Description = "Node (s, i) listens on P + s·N + i; 0 picks free ports on this host",
            DefaultValueFactory = _ => 7000,
        };
        var apiBasePort = new Option<int?>("--api-base-port")
        {
            HelpName = "P",
            Description = $"API ports, laid out the same way (default: base port + {ClusterGenerator.DefaultApiOffset}, free ports with --base-port 0)",
        };
        var hosts = new Option<string?>("--hosts") { HelpName = "FILE", Description = "Hosts file: lines 'HOST' (round-robin) or 'S-I HOST'; # comments" };
        var force = new Option<bool>("--force") { Description = "Replace an existing cluster.json (and the key files of its ids)" };
        var command = new Command("keygen", "Generate a cluster's keys: DIR/cluster.json and DIR/keys/S-I.key")
        {
            shards, nodes, output, host, basePort, apiBasePort, hosts, force,
        };
        command.SetAction(result => Run(new KeygenRequest(
            result.GetValue(output)!, result.GetValue(shards), result.GetValue(nodes), result.GetValue(host)!,
            result.GetValue(basePort), result.GetValue(apiBasePort), result.GetValue(hosts), result.GetValue(force)), context));
        return command;
    }

    private static int Run(KeygenRequest request, CliContext context)
    {
        if (request.Check() is { } problem)
        {
            return Refuse(context, problem);
        }
        var clusterFile = Path.Combine(request.Directory, ClusterFile.FileName);
        if (File.Exists(clusterFile) && !request.Force)
        {
            return Refuse(context, $"{Path.GetFullPath(clusterFile)} exists; use --force to replace it");
        }
        ClusterFile cluster;
        try
        {
            var hosts = request.HostsFile is null
                ? null
                : ClusterGenerator.ParseHostsFile(request.HostsFile, request.Shards, request.Nodes);
            cluster = ClusterGenerator.Generate(request.Directory, request.Shards, request.Nodes, request.Host,
                request.BasePort, hosts, request.ApiBasePort);
        }
        catch (Exception e) when (e is ArgumentException or ClusterFileException or IOException or UnauthorizedAccessException)
        {
            return Refuse(context, OneLine(e));
        }
        PrintSummary(cluster, context.Out);
        return ExitCodes.Ok;
    }

    private static int Refuse(CliContext context, string problem)
    {
        context.Error.WriteLine($"dumbofl keygen: {problem}");
        return ExitCodes.BadArguments;
    }

    // ArgumentException appends " (Parameter 'x')" and ArgumentOutOfRangeException the value on a new line.
    private static string OneLine(Exception e) => e switch
    {
        ArgumentException a when a.ParamName is not null => a.Message.Split(Environment.NewLine)[0].Replace($" (Parameter '{a.ParamName}')", "", StringComparison.Ordinal),
        _ => e.Message.Split(Environment.NewLine)[0],
    };

    private static void PrintSummary(ClusterFile cluster, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster {cluster.ClusterId.ToHex()}: {cluster.Shards} shard(s) × {cluster.NodesPerShard} nodes in {cluster.Directory}"));
        var hostWidth = Math.Max("host".Length, cluster.Nodes.Max(n => n.Host.Length));
        var idWidth = Math.Max("id".Length, cluster.Nodes.Max(n => n.Id.Length));
        output.WriteLine($"{"id".PadRight(idWidth)}  {"host".PadRight(hostWidth)}  {"port",5}  {"api port",8}");
        foreach (var node in cluster.Nodes)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{node.Id.PadRight(idWidth)}  {node.Host.PadRight(hostWidth)}  {node.Port,5}  {node.ApiPort,8}"));
        }
        output.WriteLine($"secret keys: {Path.Combine(cluster.Directory, ClusterFile.KeysDirectory)}{Path.DirectorySeparatorChar}S-I.key (mode 0600)");
    }

    private sealed record KeygenRequest(string Directory, int Shards, int Nodes, string Host, int BasePort, int? ApiBasePort,
        string? HostsFile, bool Force)
    {
        /// <summary>The first bad argument, in the options' own words, or null.</summary>
        public string? Check()
        {
            if (Shards is < 1 or > ClusterGenerator.MaxShards)
            {
                return $"--shards must be 1..{ClusterGenerator.MaxShards}, got {Shards}";
            }
            if (Nodes < ClusterGenerator.MinNodesPerShard)
            {
                return $"--nodes must be at least {ClusterGenerator.MinNodesPerShard} (n = 3f + 1 with f ≥ 1), got {Nodes}";
            }
            if (Nodes > DumboFL.Core.Coin.CoinKeySet.MaxMembers)
            {
                return $"--nodes must be at most {DumboFL.Core.Coin.CoinKeySet.MaxMembers}, got {Nodes}";
            }
            if (Uri.CheckHostName(Host) == UriHostNameType.Unknown)
            {
                return $"--host '{Host}' is not a host name or IP address";
            }
            var count = Shards * Nodes;
            var apiBase = ApiBasePort ?? (BasePort == 0 ? 0 : BasePort + ClusterGenerator.DefaultApiOffset);
            var apiName = ApiBasePort is null ? $"API ports (--base-port + {ClusterGenerator.DefaultApiOffset})" : "--api-base-port";
            return CheckPorts("--base-port", BasePort, count)
                ?? CheckPorts(apiName, apiBase, count)
                ?? (BasePort != 0 && apiBase != 0 && BasePort < apiBase + count && apiBase < BasePort + count
                    ? $"peer ports {BasePort}..{BasePort + count - 1} and API ports {apiBase}..{apiBase + count - 1} overlap; set --api-base-port"
                    : null);
        }

        private static string? CheckPorts(string name, int start, int count) => start switch
        {
            0 => null,
            < 0 or > 65535 => $"{name} must be 0 (free ports) or 1..65535, got {start}",
            _ when start + count - 1 > 65535 => $"{name} {start}: {count} nodes need ports up to {start + count - 1}, beyond 65535",
            _ => null,
        };
    }
}
