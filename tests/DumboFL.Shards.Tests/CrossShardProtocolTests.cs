using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Shards.Tests;

/// <summary>
/// The cross-shard protocol end to end over K shards of four nodes (docs/CROSS_SHARD.md): commits exactly once when
/// every input leg is valid, aborts on every shard of the tx when one is not, and releases legs already locked.
/// </summary>
[TestFixture]
public sealed class CrossShardProtocolTests
{
    private static CrossShardTx Tx(int tag, uint[] inputs, bool[] valid, uint output) =>
        new(Hash32.Of(BitConverter.GetBytes(tag)), inputs, valid, output, false, [unchecked((byte)tag), 1, 2, 3]);

    [Test]
    public void The_prototypes_worst_case_aborts_on_every_shard_and_releases_the_locked_leg()
    {
        // Inputs [1, 2], input valid [0, 1], output shard 0: shard 2 locks its leg before shard 1's CL can reach it.
        using var harness = new CrossShardHarness(shards: 3, nodes: 4, seed: 1);
        var tx = Tx(1, [1, 2], [false, true], 0);
        Assert.That(harness.Submit(2, tx), Is.True, "shard 2's leg is valid and pending");
        harness.RunUntilQuiet(); // shard 2 commits (locks) its leg; nothing else happens yet
        Assume.That(harness.Nodes[2].All(n => n.State.IsCommitted(tx.Id)), "shard 2 locked its leg first");

        Assert.That(harness.Submit(1, tx), Is.False, "shard 1 refuses its invalid leg and starts the abort");
        harness.RunUntilQuiet();

        Assert.Multiple(() =>
        {
            foreach (var shard in new uint[] { 0, 1, 2 })
            {
                foreach (var node in harness.Nodes[shard])
                {
                    Assert.That(node.State.CrossShard(tx.Id).Aborted, Is.True, $"aborted on shard {shard}, node {node.Index}");
                    Assert.That(Committed<CrossShardAbort>(node).Count(a => a.Tx.Id == tx.Id), Is.EqualTo(1), $"one abort entry on shard {shard}, node {node.Index}");
                }
            }
            Assert.That(harness.Nodes[2].All(n => n.State.IsCommitted(tx.Id)), Is.True, "shard 2's ledger shows the lock and its release");
            Assert.That(harness.Nodes[1].Any(n => n.State.IsCommitted(tx.Id)), Is.False, "shard 1 never locked its invalid leg");
            Assert.That(harness.Nodes[0].Any(n => n.State.IsCommitted(tx.OutputLeg().Id)), Is.False, "no output on shard 0");
        });
    }

    [Test]
    public void A_tx_with_every_leg_valid_commits_its_output_leg_exactly_once()
    {
        using var harness = new CrossShardHarness(shards: 3, nodes: 4, seed: 2);
        var tx = Tx(2, [1, 2], [true, true], 0);
        harness.Submit(1, tx);
        harness.Submit(2, tx);
        harness.RunUntilQuiet();

        Assert.Multiple(() =>
        {
            foreach (var node in harness.Nodes[0])
            {
                Assert.That(Committed<CrossShardTx>(node).Count(t => t.OutputValid && t.LegId == tx.Id), Is.EqualTo(1), $"one output leg at node {node.Index}");
                Assert.That(Committed<LegsAccepted>(node).Select(a => a.InputShard).Order(), Is.EqualTo(new uint[] { 1, 2 }), "each input block accepted once");
            }
            Assert.That(harness.Nodes.SelectMany(n => n).Any(n => n.State.CrossShard(tx.Id).Aborted), Is.False, "no abort anywhere");
        });
    }

    [Test]
    public void The_output_shard_may_also_be_an_input_and_its_own_leg_counts_once_committed()
    {
        using var harness = new CrossShardHarness(shards: 2, nodes: 4, seed: 3);
        var tx = Tx(3, [0, 1], [true, true], 0);
        harness.Submit(0, tx);
        harness.Submit(1, tx);
        harness.RunUntilQuiet();

        Assert.That(harness.Nodes[0].Select(n => Committed<CrossShardTx>(n).Count(t => t.OutputValid && t.LegId == tx.Id)), Is.All.EqualTo(1));
    }

    [Test]
    public void An_invalid_leg_on_the_output_shard_aborts_and_releases_the_other_shards_lock()
    {
        using var harness = new CrossShardHarness(shards: 2, nodes: 4, seed: 4);
        var tx = Tx(4, [0, 1], [false, true], 0);
        harness.Submit(1, tx);
        harness.RunUntilQuiet();
        harness.Submit(0, tx);
        harness.RunUntilQuiet();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Nodes.SelectMany(n => n).All(n => n.State.CrossShard(tx.Id).Aborted), Is.True);
            Assert.That(harness.Nodes[1].All(n => n.State.IsCommitted(tx.Id)), Is.True, "shard 1 had locked its leg");
            Assert.That(harness.Nodes[0].Any(n => n.State.IsCommitted(tx.OutputLeg().Id)), Is.False);
        });
    }

    [TestCase(2)]
    [TestCase(3)]
    public void Random_load_with_a_silent_node_per_shard_settles_every_tx_once(int shards)
    {
        for (var seed = 1; seed <= 12; seed++)
        {
            using var harness = new CrossShardHarness(shards, nodes: 4, seed);
            var random = new Random(seed);
            for (var s = 0; s < shards; s++)
            {
                harness.Silent.Add(((uint)s, random.Next(4)));
            }
            var txs = new List<CrossShardTx>();
            for (var i = 0; i < 40; i++)
            {
                var inputs = Enumerable.Range(0, shards).Select(s => (uint)s).OrderBy(_ => random.Next()).Take(random.Next(1, shards + 1)).ToArray();
                var valid = inputs.Select(_ => random.NextDouble() > 0.2).ToArray();
                var tx = Tx((seed * 1000) + i, inputs, valid, (uint)random.Next(shards));
                txs.Add(tx);
                foreach (var input in inputs)
                {
                    harness.Submit(input, tx);
                }
                if (i % 10 == 9)
                {
                    harness.RunUntilQuiet();
                }
            }
            harness.RunUntilQuiet();

            foreach (var tx in txs.Where(t => !t.IsIntraShard))
            {
                var committed = harness.Live(tx.OutputShard).Select(n => Committed<CrossShardTx>(n).Count(t => t.OutputValid && t.LegId == tx.Id)).ToArray();
                var shardsOfTx = tx.InputShards.Append(tx.OutputShard).Distinct();
                var aborted = shardsOfTx.SelectMany(s => harness.Live(s)).Select(n => n.State.CrossShard(tx.Id).Aborted).ToArray();
                var shouldCommit = tx.InputValid.All(v => v);
                Assert.Multiple(() =>
                {
                    Assert.That(committed, Is.All.EqualTo(shouldCommit ? 1 : 0), $"seed {seed}: tx {tx.Id} output legs per live output node");
                    Assert.That(aborted, Is.All.EqualTo(!shouldCommit), $"seed {seed}: tx {tx.Id} aborted on every live node of its shards");
                });
            }
            foreach (var shard in harness.Nodes)
            {
                var heads = shard.Where(n => !harness.Silent.Contains((n.Shard, n.Index))).Select(n => n.Store.GetHeader(n.Store.Height!.Value)!.Hash).Distinct();
                Assert.That(heads.Count(), Is.EqualTo(1), $"seed {seed}: shard agreement");
            }
        }
    }

    [Test]
    public void An_output_shard_that_restarts_with_its_tallies_in_flight_still_commits_the_output()
    {
        // Shard 1 locks the leg; shard 0's nodes verify the LD and exchange SIGN, and each puts a LegsAccepted in its
        // pool. Then every node of shard 0 crashes before a block: pools and coordinators are gone, only the stored
        // rows remain. Shard 1 never sends the LD again, so only the rows can finish the tx.
        using var harness = new CrossShardHarness(shards: 2, nodes: 4, seed: 21);
        var tx = Tx(21, [1], [true], 0);
        harness.Submit(1, tx);
        harness.CommitRound(1);
        harness.DeliverAll();
        Assume.That(harness.Nodes[0].All(n => n.Book.Count > 0), "every node of shard 0 has its LegsAccepted pending");
        var staged = harness.Nodes[0][0].Store.LoadCrossShardPending();

        foreach (var node in harness.Nodes[0])
        {
            node.Restart();
        }
        harness.RunUntilQuiet();

        Assert.Multiple(() =>
        {
            Assert.That(staged.Select(r => r.Key[0]).Distinct().Order(), Is.EqualTo(new[] { 'h', 's', 'v' }), "the LD, its SIGN tally and the held tx were stored");
            Assert.That(harness.Nodes[0].Select(n => Committed<CrossShardTx>(n).Count(t => t.OutputValid && t.LegId == tx.Id)), Is.All.EqualTo(1));
            Assert.That(harness.Nodes[0].Select(n => n.Store.LoadCrossShardPending().Count), Is.All.Zero, "settled: nothing left in flight");
        });
    }

    [Test]
    public void An_input_shard_that_restarts_mid_abort_still_gathers_its_CL()
    {
        // Only nodes 0 and 1 of shard 1 ever see the tx; they sign CL_M while nodes 2 and 3 are down, then all of shard 1
        // restarts before a CL forms. Nodes 2 and 3 can learn of the tx only from the shares resent on resume.
        using var harness = new CrossShardHarness(shards: 2, nodes: 4, seed: 22);
        var tx = Tx(22, [1, 0], [false, true], 0);
        harness.Silent.Add((1, 2));
        harness.Silent.Add((1, 3));
        harness.Submit(1, tx);
        harness.DeliverAll();
        Assume.That(harness.Nodes[1].Take(2).All(n => n.Store.LoadCrossShardPending().Any(r => r.Key[0] == 'c')), "two CL_M stored, no CL yet");
        harness.Silent.Clear();
        foreach (var node in harness.Nodes[1])
        {
            node.Restart();
        }
        harness.RunUntilQuiet();

        Assert.That(harness.Nodes.SelectMany(n => n).Select(n => n.State.CrossShard(tx.Id).Aborted), Is.All.True);
    }

    [Test]
    public void Damaged_stored_rows_are_counted_and_skipped()
    {
        using var harness = new CrossShardHarness(shards: 2, nodes: 4, seed: 23);
        var node = harness.Nodes[0][0];
        node.Store.StageCrossShardPending([("v/1/5/" + new string('0', 64), [1, 2, 3]), ("nonsense", [0]), ("h/0/0/" + new string('a', 64), [9])]);

        node.Restart();

        Assert.That(node.Coordinator.DamagedPendingRows, Is.EqualTo(3));
    }

    private static IEnumerable<T> Committed<T>(CrossShardHarness.Node node) where T : LedgerEntry
    {
        for (var h = 0UL; node.Store.Height is { } tip && h <= tip; h++)
        {
            foreach (var entry in node.Store.GetBlock(h)!.Entries.OfType<T>())
            {
                yield return entry;
            }
        }
    }
}
