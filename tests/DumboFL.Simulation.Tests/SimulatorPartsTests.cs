using DumboFL.Consensus;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;
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
    public void Load_gives_each_node_its_entries_plus_entries_shared_with_the_next_node()
    {
        var load = ItemLoad.Create(n: 4, shard: 0, epochs: 3, batch: 40, itemSize: 32, seed: 9);
        var perNode = Enumerable.Range(0, 4).Select(load.ItemsOf).ToArray();
        var all = perNode.SelectMany(items => items).ToArray();
        var distinct = new HashSet<byte[]>(all, ByteArrayComparer.Instance);
        var entries = distinct.Select(item => EntryCodec.Decode(item)).ToArray();
        Assert.Multiple(() =>
        {
            // 3 epochs × ⌈40/4⌉ = 30 own entries, 3 shared with the next node, 3 shared by the previous one.
            Assert.That(perNode.Select(items => items.Count), Is.All.EqualTo(36));
            Assert.That(distinct, Has.Count.EqualTo(4 * 33), "every entry unique except the shared ones");
            Assert.That(perNode[0].Intersect(perNode[1], ByteArrayComparer.Instance).Count(), Is.EqualTo(3));
            Assert.That(load.Expectations.Values, Is.All.EqualTo(Expectation.Commit), "no invalid entries unless asked for");
            Assert.That(entries.OfType<Payload>().Select(p => p.Data.Length), Is.All.EqualTo(32), "payloads have the item size");
            Assert.That(entries.OfType<Payload>().Count(), Is.GreaterThan(entries.Length * 3 / 4), "mostly payloads");
            // One valid own entry in eight is a client's: 30 own entries → slots 3, 11, 19, 27 per node.
            Assert.That(entries.Count(e => e is ModelUpdate or ChunkCommit), Is.EqualTo(4 * 4));
            Assert.That(entries.OfType<ModelUpdate>().Select(u => (u.Round, u.Client)).Distinct().Count(),
                Is.EqualTo(entries.OfType<ModelUpdate>().Count()), "one update per client and round in the whole shard");
            Assert.That(entries.OfType<ChunkCommit>().Select(c => c.ChunkIndex), Is.All.LessThan(ItemLoad.ChunksPerUpdate));
        });
    }

    [Test]
    public void Invalid_share_follows_the_documented_mix_and_every_entry_gets_the_expected_verdict()
    {
        var load = ItemLoad.Create(n: 4, shard: 0, epochs: 10, batch: 40, itemSize: 32, seed: 9, invalid: 0.3);
        var validator = new EntryValidator(LedgerRules.Default);
        var state = new LedgerState(new InMemoryLedgerStore(), 0, 1, SimulatedClients.IsKnown);
        var verdicts = load.Expectations.Select(e => (e.Value, Verdict: EntryCodec.TryDecode(e.Key, out var entry, out _)
            ? validator.Validate(entry!, state)?.ToString() ?? "valid"
            : "undecodable")).ToArray();
        Assert.Multiple(() =>
        {
            // Own: round(0.3 × 100) = 30 invalid of 100 per node; shared: round(0.3 × 10) = 3 of 10.
            Assert.That(verdicts.Count(v => v.Value != Expectation.Commit), Is.EqualTo(4 * 33));
            Assert.That(verdicts.Where(v => v.Value == Expectation.Commit).Select(v => v.Verdict), Is.All.EqualTo("valid"));
            Assert.That(verdicts.Where(v => v.Value == Expectation.Refuse).Select(v => v.Verdict), Is.All.EqualTo("undecodable"));
            var reasons = verdicts.Where(v => v.Value == Expectation.Purge).GroupBy(v => v.Verdict).ToDictionary(g => g.Key, g => g.Count());
            // 33 invalid entries per node in the rotation of ten: unknown client, future round, invalid leg, zero-size chunk
            // (too large) twice each, oversize payload (too large) and undecodable once each.
            Assert.That(reasons, Is.EquivalentTo(new Dictionary<string, int>
            {
                ["UnknownClient"] = 4 * 7, ["FutureRound"] = 4 * 7, ["InvalidLeg"] = 4 * 7, ["TooLarge"] = 4 * (6 + 3),
            }));
            Assert.That(verdicts.Count(v => v.Value == Expectation.Refuse), Is.EqualTo(4 * 3));
        });
    }
}
