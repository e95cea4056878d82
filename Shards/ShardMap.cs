using System.Buffers.Binary;
using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Shards;

/// <summary>
/// Which nodes and FL clients belong to which shard: immutable and versioned, loaded from the cluster file, the same at
/// every node. A client goes to the shard named for it in the configuration, otherwise to a stable hash of its id
/// (SHA-256, so every node, process and platform agrees, and adding clients never moves existing ones).
/// </summary>
public sealed class ShardMap
{
    private readonly string[][] _nodes;
    private readonly Dictionary<string, (uint Shard, int Index)> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _clients;

    /// <param name="version">The map's version: raised whenever an assignment changes; part of <see cref="Digest"/>.</param>
    /// <param name="nodes">Node ids of each shard, in committee order (index i is the node's index in its shard).</param>
    /// <param name="clients">Clients assigned explicitly; every other client is placed by the hash of its id.</param>
    public ShardMap(uint version, IReadOnlyList<IReadOnlyList<string>> nodes, IReadOnlyDictionary<string, uint>? clients = null)
    {
        if (nodes.Count == 0)
        {
            throw new ArgumentException("a shard map has at least one shard", nameof(nodes));
        }
        Version = version;
        _nodes = nodes.Select(shard => shard.ToArray()).ToArray();
        for (var s = 0; s < _nodes.Length; s++)
        {
            if (_nodes[s].Length == 0)
            {
                throw new ArgumentException($"shard {s} has no nodes", nameof(nodes));
            }
            for (var i = 0; i < _nodes[s].Length; i++)
            {
                if (!_byNode.TryAdd(_nodes[s][i], ((uint)s, i)))
                {
                    throw new ArgumentException($"node {_nodes[s][i]} is in the map twice", nameof(nodes));
                }
            }
        }
        _clients = new Dictionary<string, uint>(clients ?? new Dictionary<string, uint>(), StringComparer.Ordinal);
        foreach (var (client, shard) in _clients)
        {
            if (shard >= (uint)_nodes.Length)
            {
                throw new ArgumentException($"client {client} is assigned to shard {shard}, and there are {_nodes.Length}", nameof(clients));
            }
        }
        Digest = ComputeDigest();
    }

    public uint Version { get; }

    public int ShardCount => _nodes.Length;

    /// <summary>SHA-256 over the canonical form of the whole map: nodes that compare digests know they share one map.</summary>
    public Hash32 Digest { get; }

    public IReadOnlyList<string> Nodes(uint shard) => _nodes[checked((int)shard)];

    public int ShardSize(uint shard) => _nodes[checked((int)shard)].Length;

    /// <summary>The shard and committee index of <paramref name="nodeId"/>, or null for a node not in the map.</summary>
    public (uint Shard, int Index)? NodeOf(string nodeId) => _byNode.TryGetValue(nodeId, out var place) ? place : null;

    public string NodeId(uint shard, int index) => _nodes[checked((int)shard)][index];

    /// <summary>The shard of an FL client: its configured shard, else the first 8 bytes of SHA-256(id) modulo the shard count.</summary>
    public uint ShardOfClient(string clientId)
    {
        if (_clients.TryGetValue(clientId, out var shard))
        {
            return shard;
        }
        var hash = Hash32.Of(System.Text.Encoding.UTF8.GetBytes(clientId));
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        hash.CopyTo(bytes);
        return (uint)(BinaryPrimitives.ReadUInt64LittleEndian(bytes) % (ulong)_nodes.Length);
    }

    private Hash32 ComputeDigest()
    {
        var writer = new CanonicalWriter("dumbofl/shard-map/v1").WriteU32(Version).WriteU32((uint)_nodes.Length);
        foreach (var shard in _nodes)
        {
            writer.WriteU32((uint)shard.Length);
            foreach (var node in shard)
            {
                writer.WriteString(node);
            }
        }
        writer.WriteU32((uint)_clients.Count);
        foreach (var (client, shard) in _clients.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            writer.WriteString(client).WriteU32(shard);
        }
        return Hash32.Of(writer.ToArray());
    }
}
