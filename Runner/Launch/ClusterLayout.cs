using System.Globalization;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Launch;

/// <summary>A fresh cluster's keys under RUN/cluster (free ports) and its node ids, shard by shard.</summary>
public sealed record ClusterLayout(string ClusterDirectory, IReadOnlyList<IReadOnlyList<string>> Shards)
{
    public IReadOnlyList<string> NodeIds => Shards.SelectMany(s => s).ToArray();

    public static ClusterLayout Generate(string runDirectory, int shards, int nodesPerShard)
    {
        Directory.CreateDirectory(runDirectory);
        var directory = Path.Combine(runDirectory, "cluster");
        // Port 0: the generator picks free ports, so runs never collide with each other or with anything else.
        var cluster = ClusterGenerator.Generate(directory, shards, nodesPerShard, basePort: 0);
        var ids = Enumerable.Range(0, shards)
            .Select(s => (IReadOnlyList<string>)cluster.ShardNodes((uint)s).OrderBy(n => n.Index).Select(n => n.Id).ToArray())
            .ToArray();
        return new ClusterLayout(directory, ids);
    }

    /// <summary>Extra <c>dumbofl node</c> arguments every node of the run gets.</summary>
    public static IReadOnlyList<string> NodeArguments(int? batch) =>
        batch is { } b ? ["--batch", b.ToString(CultureInfo.InvariantCulture)] : [];
}
