using DumboFL.Runner.Cluster;
using DumboFL.Runner.Launch;
using NUnit.Framework.Interfaces;

namespace DumboFL.Integration.Tests.Support;

/// <summary>
/// A one-shard cluster of real <c>dumbofl node</c> processes on loopback for a test: fresh keys on free ports in
/// a temporary directory, the launcher's own supervision (SIGTERM, then SIGKILL; never an orphan), and the
/// helpers the tests poll with. The directory is deleted after a passing test and kept (path printed, node
/// logs inside) after a failing one.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private LoadGenerator? _load;

    private TestCluster(string directory, ClusterLayout layout, LocalCluster local)
    {
        Directory = directory;
        Layout = layout;
        Local = local;
        File = ClusterFile.Load(layout.ClusterDirectory);
    }

    public string Directory { get; }

    public ClusterLayout Layout { get; }

    public LocalCluster Local { get; }

    public ClusterFile File { get; }

    public IReadOnlyList<string> Ids => Layout.Shards[0];

    /// <summary>Generates a shard of <paramref name="nodes"/> and starts the listed ones (default: all), waiting until each is ready.</summary>
    public static async Task<TestCluster> StartAsync(int nodes = 4, IReadOnlyList<string>? start = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dumbofl-it", $"{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}"[..20]);
        var layout = ClusterLayout.Generate(directory, 1, nodes);
        var local = new LocalCluster(DumboflBinary.Executable, layout.ClusterDirectory, directory, layout.NodeIds);
        var cluster = new TestCluster(directory, layout, local);
        try
        {
            foreach (var id in start ?? layout.NodeIds)
            {
                local.Start(id);
            }
            await Task.WhenAll((start ?? layout.NodeIds).Select(id => local.WaitReadyAsync(id, StartDeadline, CancellationToken.None)));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        TestContext.Out.WriteLine($"cluster in {directory}");
        return cluster;
    }

    /// <summary>Starts paced load over every running node (killed nodes are skipped, restarted ones picked up again).</summary>
    public void StartLoad(double rate, int txSize = 100)
    {
        _load = new LoadGenerator(Local, Layout.Shards, new LoadEntries(txSize, 0), rate);
        _load.Start();
    }

    public async Task StopLoadAsync()
    {
        if (_load is not null)
        {
            await _load.DisposeAsync();
            _load = null;
        }
    }

    public LoadCounters? LoadCounters => _load?.Counters;

    public NodeApi Api(string id) => Local.Api(id);

    public async Task<NodeStatus> StatusAsync(string id) => await Api(id).StatusAsync(CancellationToken.None);

    public async Task<long> HeightAsync(string id) => (await StatusAsync(id)).Height ?? -1;

    /// <summary>Heights of the given nodes (-1 for no block yet).</summary>
    public async Task<Dictionary<string, long>> HeightsAsync(IEnumerable<string> ids)
    {
        var list = ids.ToArray();
        var heights = await Task.WhenAll(list.Select(HeightAsync));
        return list.Select((id, i) => (id, heights[i])).ToDictionary(p => p.id, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>Polls until every listed node has a block at <paramref name="height"/> or above.</summary>
    public Task<Dictionary<string, long>> WaitForHeightAsync(IEnumerable<string> ids, long height, TimeSpan deadline) =>
        Eventually.UntilAsync(() => HeightsAsync(ids), h => h.Values.All(v => v >= height), deadline,
            h => $"heights {Describe(h)}, wanted every one ≥ {height}");

    public Task<string?> HashAsync(string id, long height) => Api(id).BlockHashAsync(height, CancellationToken.None);

    public Task<string> MetricsAsync(string id) => Api(id).MetricsAsync(CancellationToken.None);

    public static string Describe(IReadOnlyDictionary<string, long>? heights) =>
        heights is null ? "unknown" : string.Join(", ", heights.Select(p => $"{p.Key}={p.Value}"));

    public async ValueTask DisposeAsync()
    {
        await StopLoadAsync();
        await Local.DisposeAsync();
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        if (failed)
        {
            TestContext.Out.WriteLine($"kept for inspection: {Directory} (node logs in logs/)");
            foreach (var id in Layout.NodeIds)
            {
                var log = Local.LogPath(id);
                if (System.IO.File.Exists(log))
                {
                    TestContext.Out.WriteLine($"--- tail of {id}.log ---");
                    foreach (var line in System.IO.File.ReadLines(log).TakeLast(15))
                    {
                        TestContext.Out.WriteLine(line);
                    }
                }
            }
        }
        else
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory.
            }
        }
    }
}
