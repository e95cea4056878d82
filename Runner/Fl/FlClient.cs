using System.Threading.Channels;
using DumboFL.Core.Crypto;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Rounds;
using DumboFL.Learning.Swarm;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;
using DumboFL.Network;
using DumboFL.Runner.Cluster;
using DumboFL.Runner.Node;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Fl;

/// <summary>Builds a node's FL client from the experiment file and the cluster: data share, topology, chunk store, swarm, driver.</summary>
public static class FlClient
{
    /// <summary>The chunk store's file inside the node's data directory.</summary>
    public const string ChunkStoreFile = "chunks.db";

    /// <exception cref="InvalidDataException">The experiment file, its data set or its edge list is unusable.</exception>
    public static FlWorker Create(string settingsPath, ClusterFile cluster, ClusterNode self, NodeSecrets secrets, CrossShardKeys keys,
        Transport transport, ChannelWriter<CoreEvent> core, string dataDirectory, ILogger logger)
    {
        var settings = FlSettingsFile.Load(settingsPath);
        if (settings.Validate(cluster.NodesPerShard).FirstOrDefault() is { } problem)
        {
            throw new InvalidDataException($"{settingsPath}: {problem}");
        }
        var shardIds = cluster.ShardNodes(self.Shard).Select(n => n.Id).ToList();
        Topology topology;
        try
        {
            topology = Topology.Build(settings.Topology, shardIds, settings.Seed, settings.Degree, settings.EdgeFile);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{settingsPath}: topology: {e.Message}", e);
        }
        var clientNumber = cluster.Nodes.Select(n => n.Id).ToList().IndexOf(self.Id);
        // Its own key object: the core signs with the other one on its thread, and an ECDsa instance is not shared across threads.
        var key = NodeKey.FromPkcs8(secrets.NodeKey.ExportPkcs8());
        ChunkStore? store = null;
        try
        {
            store = ChunkStore.Open(Path.Combine(dataDirectory, ChunkStoreFile));
            var swarm = new SwarmEngine(self.Id, [.. topology.NeighbourIds(self.Id)], store, new SwarmOptions
            {
                // Stable across processes (HashCode is randomised per process): a run replays from its seed.
                Seed = unchecked((settings.Seed * 7919) + clientNumber) & int.MaxValue,
                CorruptServedPieces = settings.CorruptPeers.Contains(self.Id, StringComparer.Ordinal),
            }, TimeProvider.System);
            var domain = keys.Domain(self.Shard);
            var driver = new RoundDriver(settings, self.Id, self.Shard, shardIds, cluster.Committee(self.Shard).Quorum.F, clientNumber,
                cluster.Nodes.Count, store, swarm, (round, client, root) => UpdateHeld.Sign(domain, self.Index, key, round, client, root),
                TimeProvider.System);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("FL client: {Rounds} rounds of {Model} on {Examples} local examples; {Topology} neighbours {Neighbours}{Corrupt}",
                    settings.Rounds, settings.Model, driver.LocalExamples, settings.Topology, string.Join(",", topology.NeighbourIds(self.Id)),
                    settings.CorruptPeers.Contains(self.Id) ? " (serving corrupted chunks: fault injection)" : "");
            }
            return new FlWorker(driver, transport, self.Shard, core, TimeProvider.System, logger, store, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            // A missing or unreadable data set, an unknown model: the experiment file is what is wrong.
            key.Dispose();
            store?.Dispose();
            throw new InvalidDataException($"{settingsPath}: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            store?.Dispose();
            throw;
        }
    }
}
