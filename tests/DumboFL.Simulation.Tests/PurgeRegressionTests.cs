using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

/// <summary>
/// The prototype's crash: invalid entries piled up in the pending pool until a whole batch was invalid, and
/// building a block (a Merkle tree) from what was left threw. Here honest nodes get nothing but invalid
/// entries for four epochs, then a mix; the shard must commit exactly the valid entries, build no block for
/// the batches without a valid entry, count every purge, and never throw.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PurgeRegressionTests
{
    private const int Nodes = 4;

    /// <summary>
    /// Epochs 0–3 run eagerly: a book holding only invalid entries never opens an epoch by itself, so the empty
    /// epochs the scenario needs are run on purpose. Invalid waves arrive before epoch 0 and after epochs 0, 1 and 2.
    /// </summary>
    private const int EagerEpochs = 4;

    private static readonly ulong[] InvalidWaves = [0, 1, 2];

    /// <summary>The mix arrives once a node has committed epochs 0–3, all of them empty.</summary>
    private const ulong MixWave = 4;

    private const int PayloadsPerNode = 10;

    /// <summary>The conflicting update: every node is given its own update of this client for round 0; only one can be committed.</summary>
    private static readonly string Contested = SimulatedClients.Name(15);

    /// <summary>Per invalid wave and node: one of each detectable reason, and one undecodable (<see cref="ItemLoad.InvalidMix"/> slots 0–4 and 9).</summary>
    private static readonly int[] InvalidSlots = [0, 1, 2, 3, 4, 9];

    [TestCase(1UL)]
    [TestCase(2UL)]
    [TestCase(3UL)]
    public void Invalid_only_epochs_then_a_mix_commit_exactly_the_valid_entries_and_never_throw(ulong seed)
    {
        var (load, valid, contested) = Scenario(seed);
        var options = new SimulationOptions { Nodes = Nodes, Seed = seed, Epochs = EagerEpochs, Batch = 8 };
        var (simulation, result) = SimulationHarness.RunShard(options, load);
        var ledger = simulation.Actors.OfType<HonestActor>().First().Instance.Ledger;
        var outcomes = ledger.Outcomes;
        var committed = ledger.Blocks().SelectMany(b => b.Entries).Select(e => e.Id).ToArray();
        var report = SeedReport.Format(options);
        Assert.Multiple(() =>
        {
            Assert.That(result.Checks.Where(c => !c.Passed), Is.Empty, report);
            Assert.That(result.Checks.Select(c => c.Name), Does.Contain(CheckOutcome.NoExceptions).And.Contain(CheckOutcome.NoEmptyBlocks));

            // Four epochs of invalid entries only: each node's book purged them before cutting, so every batch was empty.
            Assert.That(outcomes.Take((int)MixWave).Select(o => (o.Items, o.Result.Block)), Is.All.EqualTo((0, (Ledger.Blocks.Block?)null)), report);
            Assert.That(outcomes.Take((int)MixWave).Select(o => o.Result.Purged.Count), Is.All.Zero);

            // Exactly the valid entries, plus one of the four conflicting updates, each once.
            Assert.That(committed, Is.Unique, report);
            Assert.That(committed.Except(contested).Order(), Is.EqualTo(valid.Order()), report);
            Assert.That(committed.Intersect(contested).Count(), Is.EqualTo(1), report);
            Assert.That(result.CommittedEntries, Is.EqualTo(valid.Count + 1));

            // Blocks only for batches with a valid entry; every other epoch is an empty batch.
            Assert.That(result.Blocks, Is.EqualTo(outcomes.Count(o => o.Result.Accepted > 0)).And.Positive);
            Assert.That(result.Blocks + result.EmptyBatches, Is.EqualTo(outcomes.Count));
            Assert.That((ulong)outcomes.Count, Is.EqualTo(result.EpochsCommitted));
            Assert.That(ledger.Blocks().Select(b => b.Header.Epoch), Is.All.GreaterThanOrEqualTo(MixWave));
            Assert.That(ledger.Blocks().Sum(b => b.Header.EntryCount), Is.EqualTo(valid.Count + 1));
            Assert.That(result.LedgerHeight, Is.EqualTo((ulong)(result.Blocks - 1)));
            Assert.That(result.Honest.Select(h => h.HeadHash).Distinct().Count(), Is.EqualTo(1), "every honest node has the same head");

            // Every invalid entry purged exactly once (each went to one node), the three losing updates too; the junk refused.
            const int waves = 4;
            Assert.That(result.Refused, Is.EqualTo(Nodes * waves), report);
            Assert.That(result.Purged, Is.EqualTo((Nodes * waves * 5) + 3), report);
            Assert.That(result.PurgedByReason, Is.EquivalentTo(new Dictionary<string, long>
            {
                ["unknown_client"] = Nodes * waves,
                ["future_round"] = Nodes * waves,
                ["duplicate"] = 3,
                ["too_large"] = Nodes * waves * 2,
                ["invalid_leg"] = Nodes * waves,
            }), report);
            Assert.That(result.PurgedAtCut, Is.GreaterThanOrEqualTo(Nodes * waves * 5));
        });
        TestContext.Out.WriteLine($"seed {seed}: {Describe(outcomes)}; purged at cut {result.PurgedAtCut}, at commit {result.PurgedAtCommit}");
    }

    /// <summary>
    /// The same waves, but one node is Byzantine and keeps an opaque queue: it proposes its invalid entries as
    /// they are, so decided batches hold only invalid items (the very batch that crashed the prototype). They
    /// build no block; honest nodes' own counts stay exact.
    /// </summary>
    [TestCase("garbage:1")]
    [TestCase("coin-attack:1")]
    [TestCase("crash:1")]
    public void Decided_batches_of_only_invalid_entries_build_no_block(string faults)
    {
        var invalidOnly = 0;
        foreach (var seed in new ulong[] { 11, 12, 13 })
        {
            var (load, valid, contested) = Scenario(seed);
            var options = new SimulationOptions { Nodes = Nodes, Seed = seed, Epochs = EagerEpochs, Batch = 8, Faults = FaultPlan.Parse(faults) };
            var (simulation, result) = SimulationHarness.RunShard(options, load);
            var honest = simulation.Actors.OfType<HonestActor>().ToArray();
            var ledger = honest[0].Instance.Ledger;
            var committed = ledger.Blocks().SelectMany(b => b.Entries).Select(e => e.Id).ToHashSet();
            var honestValid = valid.Where(id => honest.Any(h => ValidOf(load, h.Index).Contains(id))).ToArray();
            var report = SeedReport.Format(options);
            invalidOnly += result.InvalidOnlyBatches;
            Assert.Multiple(() =>
            {
                Assert.That(result.Checks.Where(c => !c.Passed), Is.Empty, report);
                Assert.That(ledger.Outcomes.Where(o => o.InvalidOnly).Select(o => o.Result.Block), Is.All.Null, report);
                Assert.That(ledger.Outcomes.Where(o => o.Result.Block is not null).Select(o => o.Result.Block!.Header.EntryCount), Is.All.Positive);
                Assert.That(committed, Is.SupersetOf(honestValid), report);
                Assert.That(committed.Intersect(contested).Count(), Is.LessThanOrEqualTo(1), report);
                // Honest books refused their own junk (one per wave and node) and purged their own invalid entries at least.
                Assert.That(result.Refused, Is.EqualTo((Nodes - 1) * 4), report);
                Assert.That(result.PurgedAtCut, Is.InRange((Nodes - 1) * 4 * 5, ((Nodes - 1) * 4 * 5) + 3), report);
                // Whatever the Byzantine node got into a batch was purged at commit: at most its 24 invalid items and the losing updates.
                Assert.That(result.PurgedAtCommit, Is.LessThanOrEqualTo(4 * 6 + 3), report);
            });
            TestContext.Out.WriteLine($"{faults} seed {seed}: {Describe(ledger.Outcomes)}; purged at cut {result.PurgedAtCut}, at commit {result.PurgedAtCommit}");
        }
        if (faults != "crash:1")
        {
            // A crashed node may never speak; the others propose their invalid entries and some of those batches are decided.
            Assert.That(invalidOnly, Is.Positive, $"no decided batch held only invalid entries with {faults}: the scenario lost its point");
        }
    }

    /// <summary>
    /// Known issue (Consensus/Ledger, reported): a node whose book holds only entries the next cut will purge starts an
    /// epoch on its own (<c>DumboNode.MaybeStartEpoch</c> looks at <c>IPendingBook.Count</c> before the purge) and waits
    /// in it until f+1 nodes join, so an idle shard given one invalid entry at one node does not terminate.
    /// </summary>
    [Test]
    public void An_invalid_entry_at_one_idle_node_does_not_open_an_epoch()
    {
        var load = new ShardLoad(Nodes);
        var random = new DeterministicRandom(1);
        for (var node = 0; node < Nodes; node++)
        {
            load.Add(node, new Payload(ItemLoad.Filler(1, 0, node, 0, 32, random)).Encode(), Expectation.Commit);
        }
        var (item, expectation) = ItemLoad.Invalid(0, 0, 0, 32, random);
        load.Add(0, item, expectation, afterEpochs: 2);
        var (_, result) = SimulationHarness.RunShard(new SimulationOptions { Nodes = Nodes, Seed = 1, Epochs = 2, Batch = 8 }, load);
        Assert.That(result.Failures, Is.Empty);
    }

    /// <summary>The waves of <paramref name="seed"/>'s scenario, the ids of its valid entries, and of the conflicting updates.</summary>
    private static (ShardLoad Load, List<Hash32> Valid, List<Hash32> Contested) Scenario(ulong seed)
    {
        var load = new ShardLoad(Nodes);
        var valid = new List<Hash32>();
        var contested = new List<Hash32>();
        for (var node = 0; node < Nodes; node++)
        {
            var random = DeterministicRandom.For(seed, "purge-regression", node);
            var wave = 0;
            foreach (var afterEpochs in InvalidWaves)
            {
                AddInvalid(load, node, wave++, afterEpochs, random);
            }
            // The mix: the conflicting update first (front of the book), then valid and invalid entries interleaved.
            var update = new ModelUpdate(0, Contested, random.NextHash(), ItemLoad.ChunksPerUpdate, 100).Encode();
            load.Add(node, update, Expectation.AtMostOnce, MixWave);
            contested.Add(Hash32.Of(update));
            var entries = new List<byte[]>
            {
                new ModelUpdate(0, SimulatedClients.Name(node), random.NextHash(), ItemLoad.ChunksPerUpdate, 50).Encode(),
                new ChunkCommit(0, SimulatedClients.Name(node), 1, random.NextHash(), 4096).Encode(),
            };
            entries.AddRange(Enumerable.Range(0, PayloadsPerNode).Select(i => new Payload(ItemLoad.Filler(1, 0, node, 1000 + i, 32, random)).Encode()));
            for (var i = 0; i < entries.Count; i++)
            {
                load.Add(node, entries[i], Expectation.Commit, MixWave);
                valid.Add(Hash32.Of(entries[i]));
                if (i < InvalidSlots.Length)
                {
                    var (item, expectation) = ItemLoad.Invalid(0, node, (10 * wave) + InvalidSlots[i], 32, random);
                    load.Add(node, item, expectation, MixWave);
                }
            }
        }
        return (load, valid, contested);
    }

    private static void AddInvalid(ShardLoad load, int node, int wave, ulong afterEpochs, DeterministicRandom random)
    {
        foreach (var slot in InvalidSlots)
        {
            var (item, expectation) = ItemLoad.Invalid(0, node, (10 * wave) + slot, 32, random);
            load.Add(node, item, expectation, afterEpochs);
        }
    }

    private static HashSet<Hash32> ValidOf(ShardLoad load, int node) =>
        load.ItemsOf(node).Where(i => load.ExpectationOf(i) == Expectation.Commit).Select(i => Hash32.Of(i)).ToHashSet();

    private static string Describe(IReadOnlyList<BatchOutcome> outcomes) =>
        string.Join(" ", outcomes.Select(o => $"e{o.Epoch}:{o.Items}/{o.Result.Accepted}{(o.Result.Block is null ? "" : "B")}"));
}
