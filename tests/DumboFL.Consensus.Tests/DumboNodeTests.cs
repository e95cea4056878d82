using DumboFL.Consensus.Tests.Support;

namespace DumboFL.Consensus.Tests;

public class DumboNodeTests
{
    private static byte[] Item(int node, int index) => [(byte)node, (byte)index, (byte)(index >> 8), 0xAB];

    [TestCase(4, 1)]
    [TestCase(4, 2)]
    [TestCase(7, 3)]
    public void All_honest_nodes_commit_the_same_batches(int n, int seed)
    {
        var fixture = ShardFixture.For(n);
        var nodes = Enumerable.Range(0, n).Select(i => new DumboNode(fixture.Config(i, batchSize: 4 * n))).ToArray();
        var network = new RandomNetwork(nodes, seed);
        for (var i = 0; i < n; i++)
        {
            network.Apply(i, nodes[i].Submit(Enumerable.Range(0, 10).Select(k => Item(i, k))));
        }
        network.Run();

        var reference = network.Outputs[0].Select(b => b.Digest).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(reference, Is.Not.Empty, $"seed {seed}");
            for (var i = 1; i < n; i++)
            {
                Assert.That(network.Outputs[i].Select(b => b.Digest), Is.EqualTo(reference), $"node {i}, seed {seed}");
            }
            Assert.That(network.Outputs[0].Sum(b => b.Items.Count), Is.EqualTo(10 * n), "every item committed once");
            Assert.That(network.Faults.SelectMany(f => f), Is.Empty, "no honest node flagged");
        });
    }

    [Test]
    public void A_message_beyond_the_epoch_window_is_refused_and_flagged()
    {
        var node = new DumboNode(ShardFixture.For(4).Config(0));
        var step = node.Handle(2, new PrbcEcho((ulong)node.Config.EpochWindow + 1, 1, Core.Hashing.Hash32.Zero));
        Assert.Multiple(() =>
        {
            Assert.That(step.Faults.Single().Kind, Is.EqualTo(FaultKind.TooFarAhead));
            Assert.That(node.IsEpochRunning, Is.False);
        });
    }

    [Test]
    public void Replayed_messages_of_a_finished_epoch_change_nothing([Range(1, 5)] int seed)
    {
        var fixture = ShardFixture.For(4);
        var nodes = Enumerable.Range(0, 4).Select(i => new DumboNode(fixture.Config(i))).ToArray();
        var network = new RandomNetwork(nodes, seed);
        var epoch0 = new List<(int From, ConsensusMessage Message)>();
        network.Intercept = (from, to, m) =>
        {
            if (m.Epoch == 0 && to == 0)
            {
                epoch0.Add((from, m));
            }
            return m;
        };
        for (var i = 0; i < 4; i++)
        {
            network.Apply(i, nodes[i].Submit([Item(i, 0)]));
        }
        network.Run();
        var committedBefore = nodes[0].CommittedEpochs;
        var outputs = 0;
        foreach (var (from, message) in epoch0)
        {
            var step = nodes[0].Handle(from, message);
            outputs += step.Outputs.Count;
            Assert.That(step.Faults, Is.Empty, "replays of honest messages are not evidence");
        }
        Assert.Multiple(() =>
        {
            Assert.That(committedBefore, Is.GreaterThanOrEqualTo(1UL));
            Assert.That(epoch0, Is.Not.Empty);
            Assert.That(outputs, Is.Zero, "a replayed epoch is never committed again");
            Assert.That(nodes[0].CommittedEpochs, Is.EqualTo(committedBefore));
        });
    }

    [Test]
    public void An_item_submitted_to_several_nodes_is_committed_once([Range(1, 8)] int seed)
    {
        var fixture = ShardFixture.For(4);
        var nodes = Enumerable.Range(0, 4).Select(i => new DumboNode(fixture.Config(i))).ToArray();
        var network = new RandomNetwork(nodes, seed);
        byte[] shared = [0xFF, 0xEE];
        for (var i = 0; i < 4; i++)
        {
            network.Apply(i, nodes[i].Submit([shared, Item(i, 1)]));
        }
        network.Run();
        var items = network.Outputs[0].SelectMany(b => b.Items).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(items.Count(i => i.AsSpan().SequenceEqual(shared)), Is.EqualTo(1), $"seed {seed}");
            Assert.That(items, Has.Length.EqualTo(5));
            Assert.That(nodes.Select(n => n.PendingCount), Is.All.Zero);
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    public void A_shard_rejoined_at_a_later_epoch_commits_that_epoch_first_and_ignores_older_ones(int seed)
    {
        var fixture = ShardFixture.For(4);
        DumboNode[] nodes = [.. Enumerable.Range(0, 4).Select(i => new DumboNode(WithFirstEpoch(fixture.Config(i), 7)))];
        var network = new RandomNetwork(nodes, seed);
        var stale = nodes[0].Handle(1, new PrbcEcho(3, 1, Core.Hashing.Hash32.Zero));
        for (var i = 0; i < 4; i++)
        {
            network.Apply(i, nodes[i].Submit([Item(i, 1)]));
        }
        network.Run();
        Assert.Multiple(() =>
        {
            Assert.That(stale.Messages, Is.Empty, "an epoch before the first is never entered");
            Assert.That(network.Outputs.Select(o => o.First().Epoch), Is.All.EqualTo(7UL), $"seed {seed}");
            Assert.That(nodes.Select(n => n.CurrentEpoch), Is.All.GreaterThan(7UL));
        });
    }

    private static ConsensusConfig WithFirstEpoch(ConsensusConfig c, ulong first) =>
        new(c.Domain, c.Committee, c.Self, c.Key, c.Coin, c.CoinSecret) { BatchSize = c.BatchSize, FirstEpoch = first };

    [Test]
    public void An_idle_shard_runs_no_epochs_and_a_lone_submission_starts_one()
    {
        var fixture = ShardFixture.For(4);
        var nodes = Enumerable.Range(0, 4).Select(i => new DumboNode(fixture.Config(i))).ToArray();
        var network = new RandomNetwork(nodes, 3);
        for (var i = 0; i < 4; i++)
        {
            network.Apply(i, nodes[i].Start());
        }
        network.Run();
        Assert.That(network.Delivered, Is.Zero, "nothing to do, nothing sent");

        network.Apply(2, nodes[2].Submit([Item(2, 9)]));
        network.Run();
        Assert.That(network.Outputs.Select(o => o.Count), Is.All.EqualTo(1), "every node joined the epoch and committed it");
    }

    [Test]
    public void A_flooding_sender_is_capped_per_future_epoch()
    {
        var node = new DumboNode(ShardFixture.For(4).Config(0));
        var faults = new List<Fault>();
        for (var i = 0; i < 3000; i++)
        {
            faults.AddRange(node.Handle(1, new AbaBval(2, 0, 0, i % 2 == 0)).Faults);
        }
        Assert.That(faults.Select(f => (f.Node, f.Kind)), Is.EqualTo(new[] { (1, FaultKind.Flooding) }));
    }
}
