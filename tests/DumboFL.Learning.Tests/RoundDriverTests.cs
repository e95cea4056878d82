using DumboFL.Learning.Rounds;
using DumboFL.Learning.Swarm;
using DumboFL.Learning.Tests.Support;
using DumboFL.Ledger.Entries;

namespace DumboFL.Learning.Tests;

/// <summary>Whole FL rounds in one process: real drivers, swarm, chunk stores and ledger rules; consensus replaced by a seeded order.</summary>
public class RoundDriverTests
{
    private static readonly FlSettings s_settings = new() { Rounds = 5, Seed = 1 };

    [TestCase(11)]
    [TestCase(12)]
    public void Four_clients_reach_85_percent_with_the_same_model_at_every_node_in_every_round(int seed)
    {
        using var harness = new FlHarness(4, s_settings, seed);
        Assert.That(harness.Run(harness.Clients, maxSteps: 4000), Is.True, $"seed {seed}: not every client finished");
        var results = harness.Clients.ToDictionary(c => c, c => harness.Driver(c).Results);
        Assert.Multiple(() =>
        {
            foreach (var round in Enumerable.Range(0, s_settings.Rounds))
            {
                var hashes = results.Values.Select(r => r[round].ModelHash).Distinct().ToList();
                Assert.That(hashes, Has.Count.EqualTo(1), $"seed {seed}: round {round}");
                // Every update was committed in the first block and nobody withholds: all four are vouched for together.
                Assert.That(results.Values.Select(r => r[round].Participants.Count), Has.All.EqualTo(4), $"seed {seed}: round {round}");
            }
            Assert.That(results["0-0"][^1].Accuracy, Is.GreaterThanOrEqualTo(0.85), $"seed {seed}");
            // The ledger holds one aggregate per round (every node submitted the same bytes) with that hash.
            var aggregates = harness.Blocks.SelectMany(b => b.Entries).OfType<Aggregate>().ToList();
            Assert.That(aggregates.Select(a => a.Round), Is.EqualTo(Enumerable.Range(0, s_settings.Rounds).Select(r => (ulong)r)), $"seed {seed}");
            Assert.That(aggregates.Select(a => a.ModelHash), Is.EqualTo(results["0-0"].Select(r => r.ModelHash)), $"seed {seed}");
        });
    }

    [TestCase(21)]
    [TestCase(22)]
    public void A_peer_serving_corrupted_chunks_is_rejected_and_left_out_while_the_others_agree(int seed)
    {
        var settings = s_settings with { CorruptPeers = ["0-3"] };
        using var harness = new FlHarness(4, settings, seed);
        var honest = harness.Clients.Where(c => c != "0-3").ToList();
        Assert.That(harness.Run(honest, maxSteps: 6000), Is.True, $"seed {seed}: honest clients did not finish");
        Assert.Multiple(() =>
        {
            foreach (var round in Enumerable.Range(0, settings.Rounds))
            {
                var views = honest.Select(c => harness.Driver(c).Results[round]).ToList();
                Assert.That(views.Select(v => v.ModelHash).Distinct().Count(), Is.EqualTo(1), $"seed {seed}: round {round}");
                Assert.That(views[0].Participants, Does.Not.Contain("0-3"), $"seed {seed}: nobody honest could hold its update");
            }
            Assert.That(honest.Sum(c => harness.Driver(c).Swarm.PiecesRejected), Is.GreaterThan(0), $"seed {seed}");
            Assert.That(harness.Driver("0-0").Results[^1].Accuracy, Is.GreaterThanOrEqualTo(0.85), $"seed {seed}");
        });
    }

    [TestCase(31)]
    [TestCase(32)]
    public void An_update_forged_in_an_honest_clients_name_neither_splits_the_nodes_nor_stalls_the_victim(int seed)
    {
        using var harness = new FlHarness(4, s_settings, seed);
        // Once 0-1 has trained round 1, and before its own update is committed, someone commits a round-1 update in
        // 0-1's name (an API client can: FL entries are not signed). Nobody serves its chunks; 0-1's own update is then
        // refused as a duplicate. 0-1 must neither count its own chunks as that update's nor serve them for it.
        // A real model of the experiment's shape, so every node tracks it as complete.
        var model = s_settings.Trainer(DumboFL.Learning.Data.SyntheticData.DefaultFeatures, DumboFL.Learning.Data.SyntheticData.DefaultClasses).Initialise(999);
        var forged = DumboFL.Learning.Chunks.ChunkedUpdate.Of(model.Encode(), s_settings.ChunkSize);
        var injected = false;
        void Adversary()
        {
            if (!injected && harness.Driver("0-1").Round == 1)
            {
                injected = true;
                harness.Inject([
                    .. Enumerable.Range(0, forged.Count).Select(i => new ChunkCommit(1, "0-1", (uint)i, forged.Hashes[i], (uint)forged.Chunk(i).Length)),
                    new ModelUpdate(1, "0-1", forged.Root, (uint)forged.Count, 100),
                ]);
            }
        }
        Assert.That(harness.Run(harness.Clients, maxSteps: 4000, Adversary), Is.True, $"seed {seed}: a client stalled");
        Assert.Multiple(() =>
        {
            foreach (var round in Enumerable.Range(0, s_settings.Rounds))
            {
                Assert.That(harness.Clients.Select(c => harness.Driver(c).Results[round].ModelHash).Distinct().Count(), Is.EqualTo(1), $"seed {seed}: round {round}");
            }
            Assert.That(harness.Driver("0-0").Results[1].Participants, Does.Not.Contain("0-1"), $"seed {seed}");
            Assert.That(harness.Driver("0-1").ImpersonatedRounds, Is.EqualTo(1), $"seed {seed}");
            Assert.That(harness.Clients.Sum(c => harness.Driver(c).Swarm.PeersBanned), Is.Zero, $"seed {seed}: nobody served wrong bytes");
        });
    }

    [TestCase(41)]
    [TestCase(42)]
    public void Aggregates_committed_ahead_of_the_rounds_cut_cannot_stall_the_shard(int seed)
    {
        using var harness = new FlHarness(4, s_settings, seed);
        var junk = DumboFL.Core.Hashing.Hash32.Of([6, 6, 6]);
        // Every block, someone submits aggregates for the round the clients are in and the next one (unsigned entries:
        // any API client can). Taken, they would move the ledger's round on and make the open round's UpdateHelds stale.
        void Adversary()
        {
            var round = harness.Clients.Min(c => harness.Driver(c).Round);
            harness.Inject([new Aggregate(round, 0, junk, 1), new Aggregate(round + 1, 0, junk, 1)]);
        }
        Assert.That(harness.Run(harness.Clients, maxSteps: 4000, Adversary), Is.True, $"seed {seed}: the shard stalled");
        Assert.Multiple(() =>
        {
            foreach (var round in Enumerable.Range(0, s_settings.Rounds))
            {
                Assert.That(harness.Clients.Select(c => harness.Driver(c).Results[round].ModelHash).Distinct().Count(), Is.EqualTo(1), $"seed {seed}: round {round}");
            }
            // The clients' own aggregates of every round are committed (junk could get in only once its round closed:
            // the ledger cannot tell a right hash from a wrong one).
            Assert.That(harness.Blocks.SelectMany(b => b.Entries).OfType<Aggregate>().Where(a => a.ModelHash != junk).Select(a => a.Round),
                Is.EquivalentTo(Enumerable.Range(0, s_settings.Rounds).Select(r => (ulong)r)), $"seed {seed}");
        });
    }

    [Test]
    public void Without_a_swarm_neighbour_serving_them_no_round_closes()
    {
        // Control: when every peer corrupts (f exceeded), no update but a node's own is ever held by f + 1, so no cut.
        var settings = s_settings with { CorruptPeers = ["0-0", "0-1", "0-2", "0-3"], Rounds = 1 };
        using var harness = new FlHarness(4, settings, 5);
        Assert.That(harness.Run(harness.Clients, maxSteps: 300), Is.False);
        var entries = harness.Blocks.SelectMany(b => b.Entries).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(entries.OfType<ModelUpdate>().Count(), Is.EqualTo(4), "every update was committed: the exchange is what failed");
            Assert.That(harness.Clients.Select(c => harness.Driver(c).Phase), Has.All.Not.EqualTo(RoundPhase.Finished));
            Assert.That(entries.OfType<UpdateHeld>().All(h => h.Holder == int.Parse(h.Client[2..], System.Globalization.CultureInfo.InvariantCulture)), Is.True,
                "nobody vouched for anyone else's update: every piece was refused");
            Assert.That(entries.OfType<Aggregate>(), Is.Empty, "no round closed");
            Assert.That(harness.Clients.Sum(c => harness.Driver(c).Swarm.PiecesRejected), Is.GreaterThan(0));
        });
    }
}
