using System.Text.Json;
using DumboFL.Core;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Runner.Cluster;

/// <summary>
/// Reads cluster.json: first every field on its own (types, ranges, hex, points on their curves), then the
/// rules that tie fields together (ids, addresses, shard shapes, coin keys, cluster id). The first broken
/// rule is thrown as a <see cref="ClusterFileException"/> naming the node or field.
/// </summary>
internal static class ClusterFileReader
{
    public const int Version = 1;
    private const int MaxShards = 1024;
    private const int MinNodesPerShard = 4;

    public static ClusterFile Read(string directory)
    {
        var fullDirectory = Path.GetFullPath(directory);
        var file = Path.Combine(fullDirectory, ClusterFile.FileName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ClusterFileException($"{file}: not found (create it with 'dumbofl keygen')", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterFileException($"{file}: cannot be read ({e.Message})", e);
        }
        using var document = JsonFields.Parse(bytes, file);
        var root = new JsonFields(document.RootElement, file, "");

        var version = root.Int("version", int.MinValue, int.MaxValue);
        if (version != Version)
        {
            throw root.Fail($"unknown version {version} (this dumbofl reads version {Version})");
        }
        var clusterId = root.Hex("cluster_id");
        if (clusterId.Length != Hash32.Size)
        {
            throw root.Fail($"'cluster_id' is {clusterId.Length} bytes, expected {Hash32.Size}");
        }
        var shards = root.Int("shards", 1, MaxShards);
        var nodesPerShard = root.Int("nodes_per_shard", int.MinValue, int.MaxValue);
        if (nodesPerShard < MinNodesPerShard || nodesPerShard > CoinKeySet.MaxMembers)
        {
            throw root.Fail($"'nodes_per_shard' is {nodesPerShard}: a shard has {MinNodesPerShard}..{CoinKeySet.MaxMembers} nodes (n = 3f + 1 with f ≥ 1)");
        }
        var clients = ReadClients(root);
        var clientShards = ReadClientShards(root, clients, shards);
        var coinKeys = ReadCoinKeys(root, shards, nodesPerShard);
        var nodes = root.Array("nodes").Select((element, i) => ReadNode(root.Object(element, $"nodes[{i}]"), shards)).ToList();

        CheckIdsAndAddresses(root, nodes);
        nodes.Sort((a, b) => a.Shard != b.Shard ? a.Shard.CompareTo(b.Shard) : a.Index.CompareTo(b.Index));
        for (var shard = 0; shard < shards; shard++)
        {
            CheckShard(root, (uint)shard, nodes.Where(n => n.Shard == (uint)shard).ToArray(), nodesPerShard, coinKeys[shard]);
        }
        var computed = ClusterIdentity.Compute(shards, nodesPerShard, nodes, coinKeys);
        if (computed != new Hash32(clusterId))
        {
            throw root.Fail($"'cluster_id' does not match the cluster's ids and keys (expected {computed.ToHex()}): the file was edited or mixed from two clusters");
        }
        return new ClusterFile(fullDirectory, computed, nodesPerShard, nodes, clients, coinKeys) { ClientShards = clientShards };
    }

    /// <summary>
    /// Optional <c>"client_shards": {"client": shard, …}</c>: clients placed by hand; every other client goes to the shard
    /// its id hashes to (docs/CROSS_SHARD.md). Each named client must be listed in <c>clients</c>.
    /// </summary>
    private static Dictionary<string, uint> ReadClientShards(JsonFields root, IReadOnlyList<string> clients, int shards)
    {
        var placed = new Dictionary<string, uint>(StringComparer.Ordinal);
        if (!root.TryField("client_shards", out var field))
        {
            return placed;
        }
        if (field.ValueKind != JsonValueKind.Object)
        {
            throw root.Fail("'client_shards' must be an object of client → shard");
        }
        var known = clients.ToHashSet(StringComparer.Ordinal);
        foreach (var property in field.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw root.Fail($"'client_shards' places '{property.Name}', which is not in 'clients'");
            }
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetUInt32(out var shard) || shard >= (uint)shards)
            {
                throw root.Fail($"'client_shards.{property.Name}' must be a shard in 0..{shards - 1}");
            }
            placed[property.Name] = shard;
        }
        return placed;
    }

    private static string[] ReadClients(JsonFields root)
    {
        var clients = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Array("clients"))
        {
            if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } client)
            {
                throw root.Fail($"'clients[{clients.Count}]' must be a non-empty string");
            }
            if (!seen.Add(client))
            {
                throw root.Fail($"client '{client}' is listed twice");
            }
            clients.Add(client);
        }
        return clients.ToArray();
    }

    private static CoinKeySet[] ReadCoinKeys(JsonFields root, int shards, int nodesPerShard)
    {
        var keySets = new CoinKeySet?[shards];
        var expectedThreshold = new Quorum(nodesPerShard).Weak;
        var entries = root.Array("coin");
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = root.Object(entries[i], $"coin[{i}]");
            var shard = entry.Int("shard", 0, shards - 1);
            if (keySets[shard] is not null)
            {
                throw entry.Fail($"a second coin key set for shard {shard}");
            }
            CoinKeySet keys;
            try
            {
                keys = CoinKeySet.Decode(entry.Hex("key_set"));
            }
            catch (FormatException e)
            {
                throw entry.Fail($"'key_set' of shard {shard} is not a coin key set ({e.Message})");
            }
            if (keys.N != nodesPerShard || keys.Threshold != expectedThreshold)
            {
                throw entry.Fail($"the coin key set of shard {shard} is for n = {keys.N}, threshold {keys.Threshold}; the shard needs n = {nodesPerShard}, threshold f + 1 = {expectedThreshold}");
            }
            keySets[shard] = keys;
        }
        var missing = Array.FindIndex(keySets, k => k is null);
        return missing < 0 ? keySets.Select(k => k!).ToArray() : throw root.Fail($"no coin key set for shard {missing}");
    }

    private static ClusterNode ReadNode(JsonFields node, int shards)
    {
        var id = node.String("id");
        if (!IsSafeId(id))
        {
            throw node.Fail($"id '{id}' must be 1..64 letters, digits, '.', '_' or '-' (it names the node's key file)");
        }
        var host = node.String("host");
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw node.Fail($"node {id}: host '{host}' is not a host name or IP address");
        }
        NodePublicKey publicKey;
        try
        {
            publicKey = NodePublicKey.FromEncoded(node.Hex("public_key"));
        }
        catch (FormatException e)
        {
            throw node.Fail($"node {id}: 'public_key' is not a P-256 public key ({e.Message})");
        }
        return new ClusterNode(id, (uint)node.Int("shard", 0, shards - 1), node.Int("index", 0, int.MaxValue), host,
            node.Int("port", 1, 65535), node.Int("api_port", 1, 65535), publicKey, node.Hex("coin_verification_key"));
    }

    private static void CheckIdsAndAddresses(JsonFields root, List<ClusterNode> nodes)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        // host:port → who listens there; peer and API ports share one space, as they do on the host.
        var listeners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var keys = new Dictionary<NodePublicKey, string>();
        foreach (var node in nodes)
        {
            if (!ids.Add(node.Id))
            {
                throw root.Fail($"node id '{node.Id}' appears twice");
            }
            foreach (var (port, role) in new[] { (node.Port, "port"), (node.ApiPort, "api_port") })
            {
                var address = $"{node.Host}:{port}";
                if (!listeners.TryAdd(address, $"{node.Id} {role}"))
                {
                    throw root.Fail($"node {node.Id}: {role} {address} is already taken by {listeners[address]}");
                }
            }
            if (!keys.TryAdd(node.PublicKey, node.Id))
            {
                throw root.Fail($"node {node.Id}: 'public_key' is the same as {keys[node.PublicKey]}'s");
            }
        }
    }

    private static void CheckShard(JsonFields root, uint shard, ClusterNode[] nodes, int nodesPerShard, CoinKeySet coinKeys)
    {
        if (nodes.Length < MinNodesPerShard)
        {
            throw root.Fail($"shard {shard} has {nodes.Length} nodes; a shard needs at least {MinNodesPerShard}");
        }
        if (nodes.Length != nodesPerShard)
        {
            throw root.Fail($"shard {shard} has {nodes.Length} nodes, but 'nodes_per_shard' is {nodesPerShard}");
        }
        if (nodes.FirstOrDefault(n => n.Index >= nodes.Length) is { } outside)
        {
            throw root.Fail($"node {outside.Id}: index {outside.Index} is outside 0..{nodes.Length - 1} (shard {shard} has {nodes.Length} nodes)");
        }
        // Sorted by index, all below n: without duplicates, node i sits at position i.
        for (var i = 1; i < nodes.Length; i++)
        {
            if (nodes[i].Index == nodes[i - 1].Index)
            {
                throw root.Fail($"shard {shard}: nodes {nodes[i - 1].Id} and {nodes[i].Id} both have index {nodes[i].Index}");
            }
        }
        foreach (var node in nodes)
        {
            if (!node.CoinVerificationKey.AsSpan().SequenceEqual(coinKeys.VerificationKeys[node.Index]))
            {
                throw root.Fail($"node {node.Id}: 'coin_verification_key' differs from the one in shard {shard}'s coin key set");
            }
        }
    }

    private static bool IsSafeId(string id) =>
        id.Length is >= 1 and <= 64 && id is not ("." or "..")
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
