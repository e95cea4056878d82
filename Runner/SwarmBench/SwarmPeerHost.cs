using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;
using DumboFL.Network;
using DumboFL.Runner.Cluster;
using DumboFL.Runner.Fl;
using DumboFL.Runner.Launch;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// One node of a swarm bench (<c>dumbofl swarm-peer</c>): the real transport (TLS 1.3, the cluster's keys), its own
/// chunk store file, a swarm engine over the run's topology, driven like the node's FL worker drives it. The source
/// makes the update from the manifest's seed and stores it as local chunks; every other peer knows only the manifest's
/// hashes. Protocol on stdio: <see cref="PeerReport"/>.
/// </summary>
public sealed class SwarmPeerHost(SwarmPeerOptions options, ILogger logger, TextWriter output)
{
    private static readonly TimeSpan s_connectPoll = TimeSpan.FromMilliseconds(25);

    public async Task<int> RunAsync(TextReader input, CancellationToken stop)
    {
        // As in the node (NodeHost): on a 2-core machine the pool's default minimum turns every blocking moment of the
        // socket loops and TLS into a stall while it slowly injects threads.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
        var cluster = ClusterFile.Load(options.ClusterDirectory);
        var self = cluster.Node(options.Id);
        var manifest = SwarmManifest.Read(options.ManifestPath);
        var warmup = options.WarmupManifestPath is { } warmupPath ? SwarmManifest.Read(warmupPath) : null;
        var shardIds = cluster.ShardNodes(self.Shard).Select(n => n.Id).ToList();
        var neighbours = Topology.Build(options.Topology, shardIds, options.Seed, options.Degree).NeighbourIds(self.Id).ToArray();
        Directory.CreateDirectory(options.DataDirectory);
        using var secrets = cluster.LoadSecrets(self.Id);
        using var store = ChunkStore.Open(Path.Combine(options.DataDirectory, FlClient.ChunkStoreFile));
        var peers = cluster.Nodes.Select(n => new PeerAddress(n.Id, n.Shard, n.Host, n.Port, n.PublicKey)).ToList();
        await using var transport = Transport.Create(self.Id, secrets.NodeKey, peers, new NetworkOptions());
        await transport.StartAsync(stop).ConfigureAwait(false);
        await WaitConnectedAsync(transport, neighbours, stop).ConfigureAwait(false);

        // Idle: connected, store open, nothing of the update in this process yet (the source makes it below).
        var idle = Rss().RssBytes;
        if (manifest.Client == self.Id)
        {
            StoreAsSource(manifest, store);
        }
        if (warmup is not null && warmup.Client == self.Id)
        {
            StoreAsSource(warmup, store);
        }
        var engine = new SwarmEngine(self.Id, neighbours, store, new SwarmOptions { Seed = options.Seed }, TimeProvider.System);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("swarm peer {Id}: {Topology} neighbours {Neighbours}; update of {Client}, {Chunks} chunks{Source}", self.Id,
                options.Topology, string.Join(",", neighbours), manifest.Client, manifest.Hashes.Count, manifest.Client == self.Id ? " (source)" : "");
        }
        await using var loop = new SwarmPeerLoop(engine, transport, self.Shard, manifest.ToUpdate(), warmup?.ToUpdate(), idle, output, logger);
        output.WriteLine(PeerReport.ReadyLine(self.Id, idle));
        output.Flush();
        loop.Start(input, options.ParentPid, stop);
        await loop.Stopped.ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    internal static ProcessStats Rss() =>
        ProcessStats.Read(Environment.ProcessId) ?? throw new InvalidOperationException("/proc/self/status is not readable: the swarm bench needs Linux");

    /// <summary>The source's update: made from the seed, checked against the manifest, stored as this node's own chunks.</summary>
    private static void StoreAsSource(SwarmManifest manifest, ChunkStore store)
    {
        var update = ChunkedUpdate.Of(SeededUpdate.Generate(manifest.Seed, manifest.Length), manifest.ChunkSize);
        if (update.Root != manifest.Root)
        {
            throw new InvalidDataException($"the update made from seed {manifest.Seed} has root {update.Root.ToHex()}, the manifest says {manifest.Root.ToHex()}");
        }
        for (var i = 0; i < update.Count; i++)
        {
            store.Put(new ChunkKey(manifest.Round, manifest.Client, i), update.Hashes[i], update.Chunk(i).Span, local: true, verified: true);
        }
    }

    /// <summary>Until this node's links to its neighbours are up, so the timed exchange does not include TLS handshakes.</summary>
    private async Task WaitConnectedAsync(Transport transport, IReadOnlyCollection<string> neighbours, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(options.ConnectTimeout);
        using var timer = new PeriodicTimer(s_connectPoll);
        try
        {
            while (!transport.Links().Where(l => neighbours.Contains(l.Peer)).All(l => l.State is LinkState.Established or LinkState.Idle))
            {
                await timer.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            logger.LogWarning("links to the neighbours not all up after {Seconds} s; going on (messages wait in the link queues)", options.ConnectTimeout.TotalSeconds);
        }
    }
}
