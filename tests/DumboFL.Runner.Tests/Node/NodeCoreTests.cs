using DumboFL.Ledger.Entries;

namespace DumboFL.Runner.Tests.Node;

/// <summary>
/// The node's core loop logic without sockets: consensus output becomes identical blocks at every node, blocks are
/// certified, and a crashed node restarted on its own ledger fetches what it missed and rejoins consensus.
/// </summary>
[TestFixture]
public sealed class NodeCoreTests
{
    private static IEnumerable<LedgerEntry> Payloads(int from, int count, int tag) =>
        Enumerable.Range(from, count).Select(i => (LedgerEntry)new Payload(BitConverter.GetBytes((long)i << 8 | (long)tag)));

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Every_node_commits_the_same_certified_blocks(int seed)
    {
        using var shard = new CoreShard(4, seed, batch: 64);
        for (var node = 0; node < shard.N; node++)
        {
            Assert.That(shard.Submit(node, Payloads(node * 1000, 100, 1)).Accepted, Is.EqualTo(100), $"seed {seed}");
        }
        var done = shard.Run(() => Enumerable.Range(0, shard.N).All(n => shard.Cores[n].CommittedEntries == 400));
        Assert.That(done, Is.True, $"seed {seed}: committed {string.Join(",", shard.Cores.Select(c => c.CommittedEntries))}");
        var height = shard.Height(0)!.Value;
        Assert.Multiple(() =>
        {
            for (var node = 1; node < shard.N; node++)
            {
                Assert.That(shard.Height(node), Is.EqualTo(height), $"seed {seed}: node {node} height");
                for (var h = 0UL; h <= height; h++)
                {
                    Assert.That(shard.Header(node, h)!.Hash, Is.EqualTo(shard.Header(0, h)!.Hash), $"seed {seed}: node {node} block {h}");
                }
            }
        });
        // Certificates follow commits: let the signatures land, then every block of every node is certified.
        shard.Run(() => Enumerable.Range(0, shard.N).All(n => shard.Stores[n].GetBlock(height)!.Certificate is not null));
        Assert.That(shard.Stores.Select(s => s.GetBlock(height)!.Certificate), Is.All.Not.Null, $"seed {seed}");
    }

    [Test]
    public void A_submission_with_invalid_entries_is_answered_with_reasons_and_the_valid_ones_are_kept()
    {
        using var shard = new CoreShard(4, 5, batch: 64);
        var valid = new Payload([1, 2, 3]);
        var empty = new Payload([]);
        var outcome = shard.Submit(0, [valid, empty]);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Accepted, Is.EqualTo(1));
            Assert.That(outcome.Rejected, Is.EqualTo(new[] { (1, "malformed") }));
            Assert.That(shard.Cores[0].Status().Refused["malformed"], Is.EqualTo(1));
        });
    }

    [TestCase(11)]
    [TestCase(12)]
    public void A_restarted_node_fetches_the_blocks_it_missed_and_rejoins_consensus(int seed)
    {
        using var shard = new CoreShard(4, seed, batch: 32);
        for (var node = 0; node < 4; node++)
        {
            shard.Submit(node, Payloads(node * 1000, 10, 2));
        }
        Assert.That(shard.Run(() => shard.Cores.All(c => c.CommittedEntries == 40)), Is.True, $"seed {seed}: first wave");
        var before = shard.Height(3);
        shard.Crash(3);
        for (var wave = 1; wave <= 6; wave++)
        {
            var expected = shard.Cores[0].CommittedEntries + 120;
            for (var node = 0; node < 3; node++)
            {
                shard.Submit(node, Payloads((wave * 10_000) + (node * 1000), 40, 2));
            }
            Assert.That(shard.Run(() => shard.Cores.Take(3).All(c => c.CommittedEntries == expected)), Is.True, $"seed {seed}, wave {wave}");
        }
        var missed = shard.Height(0)!.Value;
        Assert.That(shard.Height(3), Is.EqualTo(before), $"seed {seed}: the crashed node saw nothing more");

        shard.Restart(3);
        Assert.That(shard.Cores[3].Syncing, Is.True, $"seed {seed}: a node with a ledger waits for its peers before rejoining");
        var caughtUp = shard.Run(() => shard.Height(3) >= missed && !shard.Cores[3].Syncing);
        Assert.That(caughtUp, Is.True, $"seed {seed}: height {shard.Height(3)} of {missed}, syncing {shard.Cores[3].Syncing}");
        Assert.Multiple(() =>
        {
            Assert.That(shard.Cores[3].SyncedBlocks, Is.GreaterThan(0), $"seed {seed}: the missed blocks came through sync");
            Assert.That(shard.Cores[3].Jumps, Is.EqualTo(1), $"seed {seed}: one rejoin");
        });
        for (var h = 0UL; h <= missed; h++)
        {
            Assert.That(shard.Header(3, h)!.Hash, Is.EqualTo(shard.Header(0, h)!.Hash), $"seed {seed}: block {h}");
        }

        // Back in consensus: new work committed by all four, the restarted one included, on the same chain.
        for (var node = 0; node < 4; node++)
        {
            shard.Submit(node, Payloads(900_000 + (node * 1000), 20, 3));
        }
        var target = shard.Cores[0].CommittedEntries + 80;
        Assert.That(shard.Run(() => shard.Cores[0].CommittedEntries >= target && shard.Height(3) == shard.Height(0)), Is.True, $"seed {seed}");
        Assert.That(shard.Header(3, shard.Height(3)!.Value)!.Hash, Is.EqualTo(shard.Header(0, shard.Height(0)!.Value)!.Hash), $"seed {seed}");
    }
}
