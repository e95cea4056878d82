using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Runner.Cluster;

/// <summary>
/// A cluster as <c>DIR/cluster.json</c> describes it (docs/NODE.md, "Cluster files"): shards, nodes with
/// their addresses and public keys, coin key sets, FL clients. Only ever built from a file that passed every
/// check of <see cref="Load"/>, so everything here is consistent: each shard has n ≥ 4 nodes indexed 0..n−1,
/// distinct keys and a coin key set for exactly those nodes.
/// </summary>
public sealed partial class ClusterFile
{
    public const string FileName = "cluster.json";
    public const string KeysDirectory = "keys";

    private readonly Dictionary<string, ClusterNode> _byId;
    private readonly ClusterNode[][] _shardNodes;
    private readonly Committee[] _committees;
    private readonly CoinKeySet[] _coinKeys;

    internal ClusterFile(string directory, Hash32 clusterId, int nodesPerShard, IReadOnlyList<ClusterNode> nodes,
        IReadOnlyList<string> clients, IReadOnlyList<CoinKeySet> coinKeys)
    {
        Directory = directory;
        ClusterId = clusterId;
        Shards = coinKeys.Count;
        NodesPerShard = nodesPerShard;
        Nodes = nodes;
        Clients = clients;
        _byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        _shardNodes = Enumerable.Range(0, Shards)
            .Select(s => nodes.Where(n => n.Shard == (uint)s).OrderBy(n => n.Index).ToArray()).ToArray();
        _committees = _shardNodes.Select(shard => new Committee(shard.Select(n => n.PublicKey))).ToArray();
        _coinKeys = coinKeys.ToArray();
    }

    /// <summary>FL clients placed on a shard by the cluster file; the others go where their id hashes to.</summary>
    public IReadOnlyDictionary<string, uint> ClientShards { get; init; } = new Dictionary<string, uint>();

    /// <summary>The cluster's shard map (version 1): nodes by shard in committee order, and the placed clients.</summary>
    public DumboFL.Shards.ShardMap ShardMap() =>
        new(1, _shardNodes.Select(shard => (IReadOnlyList<string>)shard.Select(n => n.Id).ToArray()).ToArray(), ClientShards);

    /// <summary>Reads and checks <c>DIR/cluster.json</c>.</summary>
    /// <exception cref="ClusterFileException">The file is missing or breaks a rule; the message names the problem.</exception>
    public static ClusterFile Load(string directory) => ClusterFileReader.Read(directory);

    /// <summary>The directory holding cluster.json and keys/, as a full path.</summary>
    public string Directory { get; }

    public Hash32 ClusterId { get; }

    public int Shards { get; }

    public int NodesPerShard { get; }

    /// <summary>Every node, by shard then index.</summary>
    public IReadOnlyList<ClusterNode> Nodes { get; }

    /// <summary>The FL client ids whose entries the ledger accepts.</summary>
    public IReadOnlyList<string> Clients { get; }

    public ClusterNode Node(string id) =>
        _byId.TryGetValue(id, out var node) ? node : throw new ClusterFileException($"{FilePath}: no node '{id}'");

    /// <summary>The shard's nodes, element i being the node with index i.</summary>
    public IReadOnlyList<ClusterNode> ShardNodes(uint shard) => _shardNodes[CheckShard(shard)];

    public Committee Committee(uint shard) => _committees[CheckShard(shard)];

    public CoinKeySet CoinKeys(uint shard) => _coinKeys[CheckShard(shard)];

    public SigningDomain Domain(uint shard) => new(ClusterId, (uint)CheckShard(shard));

    private string FilePath => Path.Combine(Directory, FileName);

    private int CheckShard(uint shard) => shard < (uint)Shards
        ? (int)shard
        : throw new ClusterFileException($"{FilePath}: no shard {shard} (the cluster has {Shards})");
}
