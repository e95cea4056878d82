using System.Globalization;
using System.Security.Cryptography;
using DumboFL.Core;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;

namespace DumboFL.Runner.Cluster;

/// <summary>
/// <c>dumbofl keygen</c>'s work: fresh keys for a cluster of <c>shards × nodesPerShard</c> nodes with ids
/// <c>S-I</c>, written as DIR/cluster.json and DIR/keys/S-I.key (mode 0600). One FL client per node, with the
/// node's id. The coin of each shard is dealt by this process (trusted dealer, as in the Dumbo deployments):
/// whoever runs keygen sees every key share, so it runs where the secret key files are meant to be made.
/// </summary>
public static partial class ClusterGenerator
{
    public const int MaxShards = 1024;
    public const int MinNodesPerShard = 4;
    public const int DefaultApiOffset = 1000;

    /// <param name="basePort">Node (s, i) listens on basePort + s·nodesPerShard + i; 0 picks free ports on this host.</param>
    /// <param name="hosts">Host per node id (e.g. from <see cref="ParseHostsFile"/>); nodes not in it get <paramref name="host"/>.</param>
    /// <param name="apiBasePort">The same for API ports; default basePort + 1000, or free ports when basePort is 0.</param>
    /// <exception cref="ArgumentException">A count, host or port range that cannot make a cluster.</exception>
    public static ClusterFile Generate(string directory, int shards, int nodesPerShard, string host = "127.0.0.1", int basePort = 7000,
        IReadOnlyDictionary<string, string>? hosts = null, int? apiBasePort = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        CheckLayout(shards, nodesPerShard);
        CheckHost(host, nameof(host));
        var ids = NodeIdsOf(shards, nodesPerShard);
        var (ports, apiPorts) = AssignPorts(ids.Length, basePort, apiBasePort ?? (basePort == 0 ? 0 : basePort + DefaultApiOffset));
        var hostOf = HostsOf(ids, host, hosts);

        var fullDirectory = Path.GetFullPath(directory);
        Directory.CreateDirectory(fullDirectory);
        PrivateFile.CreateDirectory(Path.Combine(fullDirectory, ClusterFile.KeysDirectory));

        var threshold = new Quorum(nodesPerShard).Weak;
        var nodes = new List<ClusterNode>(ids.Length);
        var coinKeys = new List<CoinKeySet>(shards);
        for (var shard = 0; shard < shards; shard++)
        {
            var (keySet, secrets) = CoinDealer.Deal(nodesPerShard, threshold, RandomNumberGenerator.GetBytes(32));
            coinKeys.Add(keySet);
            for (var index = 0; index < nodesPerShard; index++)
            {
                var at = (shard * nodesPerShard) + index;
                using var nodeKey = NodeKey.Generate();
                // Secrets first: cluster.json, written last, only ever names keys that exist on disk.
                KeyFile.Write(KeyFile.PathOf(fullDirectory, ids[at]), ids[at], nodeKey, secrets[index]);
                nodes.Add(new ClusterNode(ids[at], (uint)shard, index, hostOf[at], ports[at], apiPorts[at],
                    NodePublicKey.FromEncoded(nodeKey.PublicKey.Encoded), keySet.VerificationKeys[index]));
            }
        }
        var clusterId = ClusterIdentity.Compute(shards, nodesPerShard, nodes, coinKeys);
        ClusterFileWriter.Write(fullDirectory, clusterId, nodesPerShard, nodes, ids, coinKeys);
        // Read back through every check a node will run: what keygen hands out is what nodes accept.
        return ClusterFile.Load(fullDirectory);
    }

    internal static string IdOf(int shard, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{shard}-{index}");

    private static string[] NodeIdsOf(int shards, int nodesPerShard) =>
        Enumerable.Range(0, shards).SelectMany(s => Enumerable.Range(0, nodesPerShard).Select(i => IdOf(s, i))).ToArray();

    private static void CheckLayout(int shards, int nodesPerShard)
    {
        if (shards is < 1 or > MaxShards)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards, $"shards must be 1..{MaxShards}");
        }
        if (nodesPerShard < MinNodesPerShard || nodesPerShard > CoinKeySet.MaxMembers)
        {
            throw new ArgumentOutOfRangeException(nameof(nodesPerShard), nodesPerShard,
                $"nodes per shard must be {MinNodesPerShard}..{CoinKeySet.MaxMembers} (n = 3f + 1 with f ≥ 1 needs 4)");
        }
    }

    private static void CheckHost(string host, string what)
    {
        if (string.IsNullOrEmpty(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"{what} '{host}' is not a host name or IP address", what);
        }
    }

    private static string[] HostsOf(string[] ids, string host, IReadOnlyDictionary<string, string>? hosts)
    {
        if (hosts is null)
        {
            return ids.Select(_ => host).ToArray();
        }
        var unknown = hosts.Keys.FirstOrDefault(id => !ids.Contains(id, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new ArgumentException($"hosts name node '{unknown}', which is not in the cluster", nameof(hosts));
        }
        foreach (var (id, name) in hosts)
        {
            CheckHost(name, $"host of {id}");
        }
        return ids.Select(id => hosts.GetValueOrDefault(id, host)).ToArray();
    }

    private static (int[] Ports, int[] ApiPorts) AssignPorts(int count, int basePort, int apiBasePort)
    {
        CheckPortRange(basePort, count, "base port");
        CheckPortRange(apiBasePort, count, "API base port");
        if (basePort != 0 && apiBasePort != 0 && basePort < apiBasePort + count && apiBasePort < basePort + count)
        {
            throw new ArgumentException(
                $"peer ports {basePort}..{basePort + count - 1} overlap API ports {apiBasePort}..{apiBasePort + count - 1}; choose another API base port");
        }
        var fixedPorts = new HashSet<int>();
        var ports = basePort == 0 ? null : Enumerable.Range(basePort, count).ToArray();
        var apiPorts = apiBasePort == 0 ? null : Enumerable.Range(apiBasePort, count).ToArray();
        fixedPorts.UnionWith(ports ?? []);
        fixedPorts.UnionWith(apiPorts ?? []);
        // One batch of free ports for both roles, so a peer port never equals an API port.
        var free = FreePorts.Take((ports is null ? count : 0) + (apiPorts is null ? count : 0), fixedPorts);
        return (ports ?? free[..count], apiPorts ?? free[^count..]);
    }

    private static void CheckPortRange(int basePort, int count, string what)
    {
        if (basePort != 0 && (basePort < 1 || basePort > 65536 - count))
        {
            throw new ArgumentOutOfRangeException(nameof(basePort), basePort,
                $"{what} {basePort}: {count} ports from it must fit in 1..65535 (or 0 for free ports)");
        }
    }
}
