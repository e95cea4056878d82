using System.Globalization;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Launch;

/// <summary>A fresh cluster's keys under RUN/cluster (free ports) and its node ids, shard by shard.</summary>
public sealed record ClusterLayout(string ClusterDirectory, IReadOnlyList<IReadOnlyList<string>> Shards)
{
    /// <summary>API address of each node by the cluster file (host and api_port), for nodes not on this host's loopback.</summary>
    public IReadOnlyDictionary<string, Uri> ApiAddresses { get; init; } = new Dictionary<string, Uri>();

    public IReadOnlyList<string> NodeIds => Shards.SelectMany(s => s).ToArray();

    /// <exception cref="InvalidOperationException">
    /// The run directory already holds node data: fresh keys would make its ledgers another cluster's, and every node
    /// would wait forever for peers that can vouch for them.
    /// </exception>
    public static ClusterLayout Generate(string runDirectory, int shards, int nodesPerShard)
    {
        var data = Path.Combine(runDirectory, "data");
        if (Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any())
        {
            throw new InvalidOperationException($"{runDirectory} already holds the data of an earlier run ({data}); choose a new --out or remove it");
        }
        Directory.CreateDirectory(runDirectory);
        var directory = Path.Combine(runDirectory, "cluster");
        // Port 0: the generator picks free ports, so runs never collide with each other or with anything else.
        return Of(ClusterGenerator.Generate(directory, shards, nodesPerShard, basePort: 0));
    }

    /// <summary>An existing cluster directory; <see cref="ClusterFile.Load"/> checks it as a node would.</summary>
    public static ClusterLayout Load(string directory) => Of(ClusterFile.Load(Path.GetFullPath(directory)));

    private static ClusterLayout Of(ClusterFile cluster)
    {
        var ids = Enumerable.Range(0, cluster.Shards)
            .Select(s => (IReadOnlyList<string>)cluster.ShardNodes((uint)s).OrderBy(n => n.Index).Select(n => n.Id).ToArray())
            .ToArray();
        var apis = cluster.Nodes.ToDictionary(n => n.Id, n => new UriBuilder("http", n.Host, n.ApiPort).Uri, StringComparer.Ordinal);
        return new ClusterLayout(cluster.Directory, ids) { ApiAddresses = apis };
    }

    /// <summary>Extra <c>dumbofl node</c> arguments every node of the run gets.</summary>
    public static IReadOnlyList<string> NodeArguments(int? batch, int? epochIntervalMs = null) =>
    [
        .. batch is { } b ? (string[])["--batch", b.ToString(CultureInfo.InvariantCulture)] : [],
        .. epochIntervalMs is { } ms ? (string[])["--epoch-interval", ms.ToString(CultureInfo.InvariantCulture)] : [],
    ];
}
