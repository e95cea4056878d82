using System.Diagnostics;
using System.Globalization;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;
using DumboFL.Runner.Cluster;
using DumboFL.Runner.Launch;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// <c>dumbofl bench swarm</c>'s work. Per topology and run: measure loopback bandwidth (nothing else running), make a
/// fresh one-shard cluster on free ports, start one <c>swarm-peer</c> per node, wait until every one is connected and
/// idle, spread the warm-up update (round 0) to all, tell them all <c>go</c> for the timed one (round 1), wait for every
/// <c>done</c>, stop them and keep their final reports. The manifests are made once (node 0-0 is the source in every
/// run). Chunk stores are deleted after each run unless kept.
/// </summary>
public sealed class SwarmBenchRun(SwarmBenchOptions options, string outDirectory, DumboflExecutable dumbofl, TextWriter progress)
{
    public const string Source = "0-0";

    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(90);

    public async Task<SwarmBenchResult> RunAsync(CancellationToken cancel)
    {
        Directory.CreateDirectory(outDirectory);
        var manifestPath = Path.Combine(outDirectory, SwarmManifest.FileName);
        WriteManifest(manifestPath, options.SizeBytes, round: 1, options.Seed);
        string? warmupPath = null;
        if (options.WarmupMib > 0)
        {
            warmupPath = Path.Combine(outDirectory, "warmup-" + SwarmManifest.FileName);
            WriteManifest(warmupPath, (long)options.WarmupMib << 20, round: 0, unchecked(options.Seed + 1));
        }
        var summaries = new List<SwarmTopologySummary>();
        foreach (var topology in options.Topologies)
        {
            var runs = new List<SwarmRunResult>();
            for (var run = 1; run <= options.Runs; run++)
            {
                runs.Add(await RunOnceAsync(topology, run, manifestPath, warmupPath, cancel).ConfigureAwait(false));
            }
            summaries.Add(new SwarmTopologySummary(topology, runs));
        }
        return new SwarmBenchResult(options, outDirectory, summaries);
    }

    private void WriteManifest(string path, long size, ulong round, int seed)
    {
        var update = ChunkedUpdate.Of(SeededUpdate.Generate(seed, size), options.ChunkSize);
        SwarmManifest.Of(update, round, Source, seed).Write(path);
        progress.WriteLine(Say($"dumbofl bench swarm: {(round == 0 ? "warm-up" : "timed")} update of {size >> 20} MiB, {update.Count} chunks of {update.ChunkSize / 1024} KiB, root {update.Root.ToHex()[..16]}…"));
    }

    private async Task<SwarmRunResult> RunOnceAsync(TopologyKind topology, int run, string manifestPath, string? warmupPath, CancellationToken cancel)
    {
        var name = Say($"{topology.ToString().ToLowerInvariant()}-{run}");
        var runDirectory = Path.Combine(outDirectory, name);
        // Measured first, while no peer runs: the bound of this very run.
        var loopback = await LoopbackBandwidth.MeasureAsync((long)options.LoopbackMib << 20, cancel).ConfigureAwait(false);
        var cluster = ClusterGenerator.Generate(Path.Combine(runDirectory, "cluster"), shards: 1, options.Nodes, basePort: 0);
        var ids = cluster.ShardNodes(0).Select(n => n.Id).ToArray();
        SwarmRunResult result;
        try
        {
            await using var group = SwarmPeerGroup.Start(dumbofl, runDirectory, cluster.Directory, manifestPath, warmupPath, ids, topology, options.Seed, options.TieredCompilation);
            var idle = await group.WaitReadyAsync(s_readyTimeout, cancel).ConfigureAwait(false);
            var warmupMs = 0.0;
            if (warmupPath is not null)
            {
                var warm = await group.WarmUpAsync(TimeSpan.FromSeconds(options.TimeoutSeconds), cancel).ConfigureAwait(false);
                warmupMs = warm.Max(w => w.ElapsedMs);
            }
            var go = Stopwatch.GetTimestamp();
            foreach (var peer in group.Peers)
            {
                peer.Go();
            }
            var done = await group.WaitDoneAsync(TimeSpan.FromSeconds(options.TimeoutSeconds), cancel).ConfigureAwait(false);
            var finals = await group.StopAsync().ConfigureAwait(false);
            var peers = ids.Select((id, i) => new SwarmPeerOutcome(id, id == Source, idle[id],
                Stopwatch.GetElapsedTime(go, done[i].ArrivedAt).TotalMilliseconds, done[i].Report, finals[i])).ToArray();
            result = new SwarmRunResult(topology, run, options.SizeBytes, loopback, peers.Max(p => p.DoneAtMs), peers) { WarmupMs = warmupMs };
        }
        finally
        {
            // The group is disposed here (every peer stopped): the stores are closed. Logs and keys stay.
            var data = Path.Combine(runDirectory, "data");
            if (!options.KeepData && Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
        progress.WriteLine(Say($"dumbofl bench swarm: {name}: {result.SpreadMs / 1000:F2} s (loopback TCP {Mib(loopback.TcpBytesPerSecond):F0} MiB/s, TLS {Mib(loopback.TlsBytesPerSecond):F0} MiB/s: ratio {result.Ratio:F1}×), {result.RequestsPerChunk:F3} requests per chunk, largest RSS rise {Mib(result.LargestRss.PeakAboveIdleBytes):F0} MiB ({result.LargestRss.Id})"));
        return result;
    }

    private static double Mib(double bytes) => bytes / 1048576;

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
