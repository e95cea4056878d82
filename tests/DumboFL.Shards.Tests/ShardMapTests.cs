namespace DumboFL.Shards.Tests;

[TestFixture]
public sealed class ShardMapTests
{
    private static ShardMap Map(uint version = 1, IReadOnlyDictionary<string, uint>? clients = null) =>
        new(version, [["0-0", "0-1", "0-2", "0-3"], ["1-0", "1-1", "1-2", "1-3"], ["2-0", "2-1", "2-2", "2-3"]], clients);

    [Test]
    public void Clients_are_placed_by_a_stable_hash_spread_over_every_shard()
    {
        var map = Map();
        var placed = Enumerable.Range(0, 3000).Select(i => map.ShardOfClient($"client-{i}")).ToArray();
        var again = Enumerable.Range(0, 3000).Select(i => Map().ShardOfClient($"client-{i}")).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(placed), "another map of the same cluster agrees");
            Assert.That(placed.GroupBy(s => s).Select(g => g.Count()), Has.All.InRange(850, 1150), "roughly even");
            Assert.That(placed.Distinct().Order(), Is.EqualTo(new uint[] { 0, 1, 2 }));
        });
    }

    [Test]
    public void A_configured_client_goes_where_it_is_told_and_changes_the_digest()
    {
        var plain = Map();
        var hashed = plain.ShardOfClient("alice");
        var configured = Map(clients: new Dictionary<string, uint> { ["alice"] = (hashed + 1) % 3 });
        Assert.Multiple(() =>
        {
            Assert.That(configured.ShardOfClient("alice"), Is.EqualTo((hashed + 1) % 3));
            Assert.That(configured.Digest, Is.Not.EqualTo(plain.Digest));
            Assert.That(Map(version: 2).Digest, Is.Not.EqualTo(plain.Digest), "the version is part of the digest");
            Assert.That(Map().Digest, Is.EqualTo(plain.Digest));
        });
    }

    [Test]
    public void Nodes_are_found_by_id_and_bad_maps_are_refused()
    {
        var map = Map();
        Assert.Multiple(() =>
        {
            Assert.That(map.NodeOf("2-1"), Is.EqualTo(((uint)2, 1)));
            Assert.That(map.NodeOf("9-9"), Is.Null);
            Assert.That(map.NodeId(1, 3), Is.EqualTo("1-3"));
            Assert.That(() => new ShardMap(1, [["a", "b"], ["b"]]), Throws.ArgumentException.With.Message.Contains("twice"));
            Assert.That(() => new ShardMap(1, [["a"], []]), Throws.ArgumentException.With.Message.Contains("no nodes"));
            Assert.That(() => Map(clients: new Dictionary<string, uint> { ["x"] = 3 }), Throws.ArgumentException.With.Message.Contains("shard 3"));
        });
    }
}
