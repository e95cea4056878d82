using System.Text.Json.Nodes;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Tests.Cluster;

/// <summary>
/// One cluster (2 shards × 4 nodes, ports 7000+ and 8000+) generated once for the whole test run; tests that
/// need to break it copy it first. Key generation and the coin deal are the slow part of every cluster test.
/// </summary>
internal static class GeneratedCluster
{
    private static readonly Lazy<TempDirectory> Shared = new(() =>
    {
        var directory = new TempDirectory();
        ClusterGenerator.Generate(directory.Path, shards: 2, nodesPerShard: 4);
        return directory;
    });

    public static string Directory => Shared.Value.Path;

    public static string Json => File.ReadAllText(Path.Combine(Directory, ClusterFile.FileName));

    /// <summary>A copy of the shared cluster (cluster.json and keys/) that a test may change.</summary>
    public static TempDirectory Copy()
    {
        var copy = new TempDirectory();
        File.Copy(Path.Combine(Directory, ClusterFile.FileName), copy.Combine(ClusterFile.FileName));
        System.IO.Directory.CreateDirectory(copy.Combine(ClusterFile.KeysDirectory));
        foreach (var key in System.IO.Directory.GetFiles(Path.Combine(Directory, ClusterFile.KeysDirectory)))
        {
            File.Copy(key, copy.Combine(ClusterFile.KeysDirectory, Path.GetFileName(key)));
        }
        return copy;
    }

    /// <summary>A copy whose cluster.json has been changed by <paramref name="mutate"/>.</summary>
    public static TempDirectory Mutated(Action<JsonObject> mutate)
    {
        var copy = Copy();
        var json = JsonNode.Parse(Json)!.AsObject();
        mutate(json);
        File.WriteAllText(copy.Combine(ClusterFile.FileName), json.ToJsonString());
        return copy;
    }

    public static void Cleanup()
    {
        if (Shared.IsValueCreated)
        {
            Shared.Value.Dispose();
        }
    }
}
