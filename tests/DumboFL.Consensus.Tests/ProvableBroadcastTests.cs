using DumboFL.Consensus.Tests.Support;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests;

public class ProvableBroadcastTests
{
    private static void Dispatch(ProvableBroadcast prbc, int sender, ConsensusMessage message, Step step)
    {
        switch (message)
        {
            case PrbcValue m: prbc.OnValue(sender, m, step); break;
            case PrbcEcho m: prbc.OnEcho(sender, m, step); break;
            case PrbcReady m: prbc.OnReady(sender, m, step); break;
            case PrbcDone m: prbc.OnDone(sender, m, step); break;
            case PrbcValueRequest m: prbc.OnValueRequest(sender, m, step); break;
            case PrbcValueReply m: prbc.OnValueReply(sender, m, step); break;
        }
    }

    private static (Harness, ProvableBroadcast?[]) Setup(int n, int seed, int proposer, bool[]? silent = null)
    {
        var fixture = ShardFixture.For(n);
        var harness = new Harness(n, seed);
        var instances = new ProvableBroadcast?[n];
        for (var i = 0; i < n; i++)
        {
            if (silent?[i] == true)
            {
                continue;
            }
            var prbc = instances[i] = new ProvableBroadcast(fixture.Config(i), 0, proposer);
            harness.Node(i, (_, from, m, step) => Dispatch(prbc, from, m, step));
        }
        return (harness, instances);
    }

    private static Batch SomeBatch(byte tag) => new([[tag, 1], [tag, 2]]);

    [Test]
    public void Every_node_delivers_the_proposal_and_forms_a_proof([Range(1, 20)] int seed)
    {
        var (harness, nodes) = Setup(4, seed, proposer: 2);
        var batch = SomeBatch(7);
        var step = new Step();
        nodes[2]!.Propose(batch, step);
        harness.Apply(2, step);
        harness.Run();
        Assert.Multiple(() =>
        {
            foreach (var node in nodes)
            {
                Assert.That(node!.Delivered?.Digest, Is.EqualTo(batch.Digest), $"seed {seed}");
                Assert.That(node.Proof?.Digest, Is.EqualTo(batch.Digest), $"seed {seed}");
                Assert.That(node.Proof!.Certificate.Count, Is.GreaterThanOrEqualTo(2));
            }
        });
    }

    [Test]
    public void Totality_nodes_that_never_got_VAL_pull_the_batch_from_echoers([Range(1, 10)] int seed)
    {
        var (harness, nodes) = Setup(4, seed, proposer: 0);
        // The proposer's VAL reaches only nodes 0, 1 and 2; node 3 must fetch the batch after the READY quorum.
        harness.Filter = (from, to, m) => m is PrbcValue && to == 3 ? null : m;
        var step = new Step();
        nodes[0]!.Propose(SomeBatch(3), step);
        harness.Apply(0, step);
        harness.Run();
        Assert.Multiple(() =>
        {
            Assert.That(nodes[3]!.Delivered?.Digest, Is.EqualTo(SomeBatch(3).Digest), $"seed {seed}");
            Assert.That(harness.Sent.Any(s => s.Message is PrbcValueRequest && s.From == 3), Is.True, "node 3 asked for the value");
        });
    }

    [Test]
    public void An_equivocating_proposer_cannot_make_two_honest_nodes_deliver_different_batches([Range(1, 30)] int seed)
    {
        var (harness, nodes) = Setup(4, seed, proposer: 0);
        // Proposer 0 sends batch A to nodes 1 and 2 and batch B to node 3, and echoes/readies both ways.
        var a = SomeBatch(1);
        var b = SomeBatch(2);
        harness.Filter = (from, to, m) => from != 0 ? m : m switch
        {
            PrbcValue v => v with { Batch = to == 3 ? b : a },
            PrbcEcho e => e with { Digest = to == 3 ? b.Digest : a.Digest },
            PrbcReady r => r with { Digest = to == 3 ? b.Digest : a.Digest },
            _ => m,
        };
        var step = new Step();
        nodes[0]!.Propose(a, step);
        harness.Apply(0, step);
        harness.Run();
        var delivered = nodes.Skip(1).Select(n => n!.Delivered?.Digest).Where(d => d is not null).Distinct().ToArray();
        Assert.That(delivered, Has.Length.LessThanOrEqualTo(1), $"seed {seed}: honest nodes delivered different batches");
    }

    [Test]
    public void A_forged_DONE_signature_is_flagged_and_does_not_count()
    {
        var (harness, nodes) = Setup(4, 1, proposer: 1);
        var step = new Step();
        nodes[0]!.OnDone(3, new PrbcDone(0, 1, Hash32.Of([9]), new byte[64]), step);
        Assert.Multiple(() =>
        {
            Assert.That(step.Faults.Single().Kind, Is.EqualTo(FaultKind.BadSignature));
            Assert.That(step.Faults.Single().Node, Is.EqualTo(3));
            Assert.That(nodes[0]!.Proof, Is.Null);
        });
    }

    [Test]
    public void A_VAL_from_someone_other_than_the_proposer_is_refused()
    {
        var (_, nodes) = Setup(4, 1, proposer: 1);
        var step = new Step();
        nodes[0]!.OnValue(2, new PrbcValue(0, 1, SomeBatch(5)), step);
        Assert.Multiple(() =>
        {
            Assert.That(step.Faults.Single().Kind, Is.EqualTo(FaultKind.WrongSender));
            Assert.That(step.Messages, Is.Empty, "no ECHO for a forged VAL");
        });
    }

    [Test]
    public void Without_a_quorum_nothing_is_delivered()
    {
        // Two of four nodes silent: n−f = 3 echoes can never form.
        var (harness, nodes) = Setup(4, 5, proposer: 0, silent: [false, false, true, true]);
        var step = new Step();
        nodes[0]!.Propose(SomeBatch(4), step);
        harness.Apply(0, step);
        harness.Run();
        Assert.That(nodes.Where(n => n is not null).Select(n => n!.Delivered), Is.All.Null);
    }
}
