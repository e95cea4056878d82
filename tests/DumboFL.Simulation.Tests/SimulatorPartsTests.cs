using DumboFL.Consensus;
using DumboFL.Simulator;

namespace DumboFL.Simulation.Tests;

[TestFixture]
public sealed class SimulatorPartsTests
{
    [Test]
    public void Network_delivers_in_delivery_time_order_and_honours_reschedules()
    {
        var network = new SimulatedNetwork(new DeterministicRandom(1), new DelayModel());
        var sent = Enumerable.Range(0, 50).Select(i => network.Send(0, 0, i % 4, InFlightMessage.AllInstances, new AbaTerm((ulong)i, 0, true))).ToList();
        var late = sent[0];
        network.Reschedule(late, 1_000_000);
        var delivered = new List<InFlightMessage>();
        while (network.TryDeliverNext(out var m))
        {
            delivered.Add(m);
        }
        Assert.Multiple(() =>
        {
            Assert.That(delivered, Has.Count.EqualTo(50), "a rescheduled message is delivered once");
            Assert.That(delivered.Select(m => m.DeliverAt), Is.Ordered);
            Assert.That(delivered[^1], Is.SameAs(late));
            Assert.That(network.InFlight, Is.Zero);
            Assert.That(delivered.Select(m => m.Sequence), Is.Not.Ordered, "random delays reorder messages");
        });
    }

    [Test]
    public void Random_streams_are_fixed_by_seed_and_purpose()
    {
        var a = DeterministicRandom.For(42, "network");
        var b = DeterministicRandom.For(42, "network");
        var c = DeterministicRandom.For(42, "load");
        var first = Enumerable.Range(0, 8).Select(_ => a.NextU64()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, 8).Select(_ => b.NextU64()), Is.EqualTo(first));
            Assert.That(Enumerable.Range(0, 8).Select(_ => c.NextU64()), Is.Not.EqualTo(first));
            // Pinned output: a change to the generator would silently change every recorded replay command.
            Assert.That(new DeterministicRandom(0).NextU64(), Is.EqualTo(11091344671253066420UL));
            Assert.That(SeedDerivation.Derive(0, "shard", 0), Is.EqualTo(5997690787376284297UL));
        });
    }

    [Test]
    public void Load_gives_each_node_its_items_plus_items_shared_with_the_next_node()
    {
        var load = ItemLoad.Create(n: 4, shard: 0, epochs: 3, batch: 40, itemSize: 32, seed: 9);
        var all = load.PerNode.SelectMany(items => items).ToArray();
        var distinct = new HashSet<byte[]>(all, ByteArrayComparer.Instance);
        Assert.Multiple(() =>
        {
            // 3 epochs × ⌈40/4⌉ = 30 own items, 3 shared with the next node, 3 shared by the previous one.
            Assert.That(load.PerNode.Select(items => items.Count), Is.All.EqualTo(36));
            Assert.That(all.Select(i => i.Length), Is.All.EqualTo(32));
            Assert.That(distinct, Has.Count.EqualTo(4 * 33), "every item unique except the shared ones");
            Assert.That(load.PerNode[0].Intersect(load.PerNode[1], ByteArrayComparer.Instance).Count(), Is.EqualTo(3));
        });
    }
}
