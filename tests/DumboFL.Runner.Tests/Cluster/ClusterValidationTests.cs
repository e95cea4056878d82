using System.Text.Json.Nodes;
using DumboFL.Core.Coin;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Tests.Cluster;

/// <summary>Each rule of docs/NODE.md "Cluster files": break it in a copy of a generated cluster.json, expect a ClusterFileException naming it.</summary>
public class ClusterValidationTests
{
    private static JsonObject Node(JsonObject json, int i) => json["nodes"]![i]!.AsObject();

    private static string CoinKeySetHex(int n, int threshold) => Convert.ToHexStringLower(CoinDealer.Deal(n, threshold, [9]).Public.Encode());

    private static IEnumerable<TestCaseData> Breakages()
    {
        TestCaseData Case(string name, Action<JsonObject> mutate, string expected) => new TestCaseData(mutate, expected).SetName(name);
        yield return Case("unknown version", j => j["version"] = 2, "unknown version 2");
        yield return Case("missing top-level field", j => j.Remove("coin"), "missing field 'coin'");
        yield return Case("missing node field", j => Node(j, 1).Remove("api_port"), "nodes[1]: missing field 'api_port'");
        yield return Case("field of the wrong type", j => Node(j, 2)["port"] = "7002", "nodes[2]: 'port' must be an integer, found a string");
        yield return Case("port out of range", j => Node(j, 2)["port"] = 70000, "'port' is 70000");
        yield return Case("duplicate id", j => Node(j, 1)["id"] = "0-0", "node id '0-0' appears twice");
        yield return Case("unsafe id", j => Node(j, 1)["id"] = "../x", "id '../x'");
        yield return Case("duplicate host:port", j => Node(j, 1)["port"] = 7000, "127.0.0.1:7000 is already taken by 0-0 port");
        yield return Case("API port on a peer port", j => Node(j, 1)["api_port"] = 7000, "api_port 127.0.0.1:7000 is already taken by 0-0 port");
        yield return Case("nodes_per_shard below 4", j => j["nodes_per_shard"] = 3, "'nodes_per_shard' is 3");
        yield return Case("shard with too few nodes", j => j["nodes"]!.AsArray().RemoveAt(7), "shard 1 has 3 nodes; a shard needs at least 4");
        yield return Case("shard with more nodes than nodes_per_shard", j =>
        {
            Node(j, 4)["shard"] = 0;
            Node(j, 4)["index"] = 4;
        }, "shard 0 has 5 nodes, but 'nodes_per_shard' is 4");
        yield return Case("index out of range", j => Node(j, 1)["index"] = 7, "node 0-1: index 7 is outside 0..3");
        yield return Case("duplicate index", j => Node(j, 1)["index"] = 0, "nodes 0-0 and 0-1 both have index 0");
        yield return Case("shard out of range", j => Node(j, 1)["shard"] = 2, "'shard' is 2, must be in 0..1");
        yield return Case("public key not hex", j => Node(j, 0)["public_key"] = "zz", "nodes[0]: 'public_key' is not hex");
        yield return Case("public key not on the curve", j => Node(j, 0)["public_key"] = "04" + new string('1', 128), "node 0-0: 'public_key' is not a P-256 public key");
        yield return Case("public key twice", j => Node(j, 5)["public_key"] = Node(j, 0)["public_key"]!.GetValue<string>(), "node 1-1: 'public_key' is the same as 0-0's");
        yield return Case("coin key set not hex", j => j["coin"]![0]!["key_set"] = "xyz", "coin[0]: 'key_set' is not hex");
        yield return Case("coin key set garbage", j => j["coin"]![0]!["key_set"] = "00ff", "'key_set' of shard 0 is not a coin key set");
        yield return Case("coin key set for another n", j => j["coin"]![1]!["key_set"] = CoinKeySetHex(7, 3), "shard 1 is for n = 7, threshold 3");
        yield return Case("coin key set with another threshold", j => j["coin"]![0]!["key_set"] = CoinKeySetHex(4, 3), "shard 0 is for n = 4, threshold 3");
        yield return Case("coin key set missing", j => j["coin"]!.AsArray().RemoveAt(1), "no coin key set for shard 1");
        yield return Case("coin key set twice", j => j["coin"]![1]!["shard"] = 0, "a second coin key set for shard 0");
        yield return Case("coin verification key mismatch", j => Node(j, 2)["coin_verification_key"] = Node(j, 3)["coin_verification_key"]!.GetValue<string>(),
            "node 0-2: 'coin_verification_key' differs");
        yield return Case("cluster id edited", j =>
        {
            var id = j["cluster_id"]!.GetValue<string>();
            j["cluster_id"] = (id[0] == '0' ? "1" : "0") + id[1..];
        }, "'cluster_id' does not match");
        yield return Case("host moved to another cluster's keys", j => Node(j, 0)["public_key"] = Node(j, 4)["public_key"]!.GetValue<string>(), "'public_key' is the same as");
        yield return Case("client listed twice", j => j["clients"]!.AsArray().Add("0-0"), "client '0-0' is listed twice");
        yield return Case("bad host", j => Node(j, 0)["host"] = "not a host", "host 'not a host'");
        yield return Case("client shards not an object", j => j["client_shards"] = 3, "'client_shards' must be an object");
        yield return Case("client shards place a stranger", j => j["client_shards"] = new JsonObject { ["nobody"] = 0 }, "places 'nobody', which is not in 'clients'");
        yield return Case("client shards out of range", j => j["client_shards"] = new JsonObject { [j["clients"]![0]!.GetValue<string>()] = 2 }, "must be a shard in 0..1");
    }

    [TestCaseSource(nameof(Breakages))]
    public void A_broken_rule_is_refused_with_a_message_naming_it(Action<JsonObject> mutate, string expected)
    {
        using var directory = GeneratedCluster.Mutated(mutate);
        Assert.That(() => ClusterFile.Load(directory.Path),
            Throws.TypeOf<ClusterFileException>().With.Message.Contains(expected).And.Message.Contains(ClusterFile.FileName));
    }

    [Test]
    public void Clients_go_to_the_shard_the_file_names_and_the_rest_by_hash()
    {
        var clients = ClusterFile.Load(GeneratedCluster.Directory).Clients;
        Assume.That(clients, Has.Count.GreaterThanOrEqualTo(2));
        var hashed = ClusterFile.Load(GeneratedCluster.Directory).ShardMap();
        var moved = clients[0];
        var target = (hashed.ShardOfClient(moved) + 1) % 2;
        using var directory = GeneratedCluster.Mutated(j => j["client_shards"] = new JsonObject { [moved] = target });

        var map = ClusterFile.Load(directory.Path).ShardMap();
        Assert.Multiple(() =>
        {
            Assert.That(map.ShardOfClient(moved), Is.EqualTo(target));
            Assert.That(map.ShardOfClient(clients[1]), Is.EqualTo(hashed.ShardOfClient(clients[1])));
            Assert.That(map.NodeOf("1-2"), Is.EqualTo(((uint)1, 2)));
            Assert.That(map.Digest, Is.Not.EqualTo(hashed.Digest));
        });
    }

    [Test]
    public void Messages_are_one_line()
    {
        using var directory = GeneratedCluster.Mutated(j => Node(j, 0)["public_key"] = "04" + new string('1', 128));
        var error = Assert.Throws<ClusterFileException>(() => ClusterFile.Load(directory.Path))!;
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void Hosts_and_ports_are_not_part_of_the_cluster_id()
    {
        using var directory = GeneratedCluster.Mutated(j =>
        {
            Node(j, 0)["host"] = "10.1.2.3";
            Node(j, 0)["port"] = 9999;
        });
        var moved = ClusterFile.Load(directory.Path);
        Assert.That(moved.ClusterId, Is.EqualTo(ClusterFile.Load(GeneratedCluster.Directory).ClusterId));
    }

    [Test]
    public void A_missing_or_unparsable_file_is_refused()
    {
        using var empty = new TempDirectory();
        using var garbage = GeneratedCluster.Copy();
        File.WriteAllText(garbage.Combine(ClusterFile.FileName), "{ \"version\": 1, ");
        using var duplicateKey = GeneratedCluster.Copy();
        File.WriteAllText(duplicateKey.Combine(ClusterFile.FileName), GeneratedCluster.Json.Replace("\"version\": 1,", "\"version\": 1, \"version\": 1,", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(() => ClusterFile.Load(empty.Path), Throws.TypeOf<ClusterFileException>().With.Message.Contains("not found"));
            Assert.That(() => ClusterFile.Load(garbage.Path), Throws.TypeOf<ClusterFileException>().With.Message.Contains("not valid JSON"));
            Assert.That(() => ClusterFile.Load(duplicateKey.Path), Throws.TypeOf<ClusterFileException>().With.Message.Contains("not valid JSON"));
        });
    }
}
