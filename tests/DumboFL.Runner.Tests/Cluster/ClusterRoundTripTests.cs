using System.Text.Json.Nodes;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Tests.Cluster;

public class ClusterRoundTripTests
{
    private static ClusterFile Load() => ClusterFile.Load(GeneratedCluster.Directory);

    [Test]
    public void Loads_the_layout_it_generated()
    {
        var cluster = Load();
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Directory, Is.EqualTo(GeneratedCluster.Directory));
            Assert.That(cluster.Shards, Is.EqualTo(2));
            Assert.That(cluster.NodesPerShard, Is.EqualTo(4));
            Assert.That(cluster.Nodes.Select(n => n.Id), Is.EqualTo(new[] { "0-0", "0-1", "0-2", "0-3", "1-0", "1-1", "1-2", "1-3" }));
            Assert.That(cluster.Clients, Is.EqualTo(cluster.Nodes.Select(n => n.Id)), "one FL client per node");
            Assert.That(cluster.Nodes.Select(n => n.Port), Is.EqualTo(Enumerable.Range(7000, 8)));
            Assert.That(cluster.Nodes.Select(n => n.ApiPort), Is.EqualTo(Enumerable.Range(8000, 8)));
            Assert.That(cluster.Nodes.Select(n => n.Host), Is.All.EqualTo("127.0.0.1"));
            Assert.That(cluster.Node("1-2"), Is.EqualTo(cluster.Nodes[6]));
            Assert.That(cluster.ShardNodes(1).Select(n => n.Index), Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(cluster.ShardNodes(1).Select(n => n.Shard), Is.All.EqualTo(1u));
        });
    }

    [Test]
    public void The_file_has_the_documented_fields()
    {
        var json = JsonNode.Parse(GeneratedCluster.Json)!.AsObject();
        var node = json["nodes"]![0]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "version", "cluster_id", "shards", "nodes_per_shard", "clients", "coin", "nodes" }));
            Assert.That(node.Select(p => p.Key), Is.EqualTo(new[] { "id", "shard", "index", "host", "port", "api_port", "public_key", "coin_verification_key" }));
            Assert.That((int)json["version"]!, Is.EqualTo(1));
            Assert.That((string)json["cluster_id"]!, Has.Length.EqualTo(64));
            Assert.That((string)node["public_key"]!, Has.Length.EqualTo(130).And.StartsWith("04"));
            Assert.That(json["coin"]!.AsArray().Select(c => (int)c!["shard"]!), Is.EqualTo(new[] { 0, 1 }));
        });
    }

    [Test]
    public void Committee_domain_and_secrets_fit_together()
    {
        var cluster = Load();
        for (uint shard = 0; shard < 2; shard++)
        {
            var committee = cluster.Committee(shard);
            var domain = cluster.Domain(shard);
            Assert.That(committee.N, Is.EqualTo(4));
            Assert.That(domain, Is.EqualTo(new SigningDomain(cluster.ClusterId, shard)));
            foreach (var node in cluster.ShardNodes(shard))
            {
                using var secrets = cluster.LoadSecrets(node.Id);
                var statement = domain.Statement("test", 1, 2).ToArray();
                Assert.Multiple(() =>
                {
                    Assert.That(secrets.Id, Is.EqualTo(node.Id));
                    Assert.That(secrets.NodeKey.PublicKey, Is.EqualTo(node.PublicKey));
                    Assert.That(committee.Verify(node.Index, statement, secrets.NodeKey.Sign(statement)), Is.True);
                    Assert.That(secrets.CoinSecret.Index, Is.EqualTo(node.Index));
                });
            }
        }
    }

    [Test]
    public void Coin_shares_from_the_key_files_verify_and_any_f_plus_1_combine_to_one_coin()
    {
        var cluster = Load();
        var coinId = "coin under test"u8.ToArray();
        foreach (var shard in new uint[] { 0, 1 })
        {
            var coin = new ThresholdCoin(cluster.CoinKeys(shard));
            var shares = cluster.ShardNodes(shard).Select(node =>
            {
                using var secrets = cluster.LoadSecrets(node.Id);
                return coin.CreateShare(secrets.CoinSecret, coinId);
            }).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(cluster.CoinKeys(shard).Threshold, Is.EqualTo(2), "f + 1 for n = 4");
                Assert.That(shares.Select(s => coin.VerifyShare(coinId, s)), Is.All.True);
                Assert.That(coin.Combine(coinId, [shares[0], shares[1]]), Is.EqualTo(coin.Combine(coinId, [shares[2], shares[3]])));
            });
        }
        Assert.That(cluster.CoinKeys(0).GroupKey, Is.Not.EqualTo(cluster.CoinKeys(1).GroupKey), "each shard has its own deal");
    }

    [Test]
    public void Every_generation_makes_a_new_cluster_id()
    {
        using var other = new TempDirectory();
        var second = ClusterGenerator.Generate(other.Path, 2, 4);
        Assert.That(second.ClusterId, Is.Not.EqualTo(Load().ClusterId).And.Not.EqualTo(Hash32.Zero));
    }

    [Test]
    public void Unknown_node_or_shard_is_a_cluster_file_error()
    {
        var cluster = Load();
        Assert.Multiple(() =>
        {
            Assert.That(() => cluster.Node("2-0"), Throws.TypeOf<ClusterFileException>().With.Message.Contains("no node '2-0'"));
            Assert.That(() => cluster.Committee(2), Throws.TypeOf<ClusterFileException>().With.Message.Contains("no shard 2"));
            Assert.That(() => cluster.LoadSecrets("9-9"), Throws.TypeOf<ClusterFileException>().With.Message.Contains("no node '9-9'"));
        });
    }

    [Test]
    public void Hosts_and_api_base_port_place_the_nodes()
    {
        using var directory = new TempDirectory();
        var hosts = new Dictionary<string, string> { ["0-1"] = "10.0.0.2", ["0-3"] = "node3.example" };
        var cluster = ClusterGenerator.Generate(directory.Path, 1, 4, host: "10.0.0.1", basePort: 9000, hosts: hosts, apiBasePort: 9500);
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Nodes.Select(n => n.Host), Is.EqualTo(new[] { "10.0.0.1", "10.0.0.2", "10.0.0.1", "node3.example" }));
            Assert.That(cluster.Nodes.Select(n => n.Port), Is.EqualTo(new[] { 9000, 9001, 9002, 9003 }));
            Assert.That(cluster.Nodes.Select(n => n.ApiPort), Is.EqualTo(new[] { 9500, 9501, 9502, 9503 }));
        });
    }

    [Test]
    public void Port_zero_picks_distinct_free_ports_for_peers_and_apis()
    {
        using var directory = new TempDirectory();
        var cluster = ClusterGenerator.Generate(directory.Path, 2, 4, basePort: 0);
        var ports = cluster.Nodes.SelectMany(n => new[] { n.Port, n.ApiPort }).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ports, Is.Unique);
            Assert.That(ports, Has.Length.EqualTo(16));
            Assert.That(ports, Is.All.InRange(1, 65535));
        });
    }

    [Test]
    public void Generation_refuses_layouts_and_ports_that_cannot_work()
    {
        using var directory = new TempDirectory();
        Assert.Multiple(() =>
        {
            Assert.That(() => ClusterGenerator.Generate(directory.Path, 1, 3), Throws.InstanceOf<ArgumentException>().With.Message.Contains("nodes per shard"));
            Assert.That(() => ClusterGenerator.Generate(directory.Path, 0, 4), Throws.InstanceOf<ArgumentException>().With.Message.Contains("shards"));
            Assert.That(() => ClusterGenerator.Generate(directory.Path, 1, 4, basePort: 65534), Throws.InstanceOf<ArgumentException>().With.Message.Contains("65534"));
            Assert.That(() => ClusterGenerator.Generate(directory.Path, 1, 4, basePort: 7000, apiBasePort: 7002), Throws.InstanceOf<ArgumentException>().With.Message.Contains("overlap"));
            Assert.That(() => ClusterGenerator.Generate(directory.Path, 1, 4, hosts: new Dictionary<string, string> { ["5-0"] = "h" }),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("5-0"));
        });
        Assert.That(File.Exists(Path.Combine(directory.Path, ClusterFile.FileName)), Is.False, "nothing is written for a refused layout");
    }
}
