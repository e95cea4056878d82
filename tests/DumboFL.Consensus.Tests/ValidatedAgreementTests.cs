using DumboFL.Consensus.Tests.Support;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests;

public class ValidatedAgreementTests
{
    private static void Dispatch(ValidatedAgreement mvba, int sender, ConsensusMessage message, Step step)
    {
        switch (message)
        {
            case CbcSend m: mvba.OnSend(sender, m, step); break;
            case CbcEcho m: mvba.OnEcho(sender, m, step); break;
            case CbcFinal m: mvba.OnFinal(sender, m, step); break;
            case GatherSet m: mvba.OnGather(sender, m, step); break;
            case CoinShareMessage m: mvba.OnCoinShare(sender, m, step); break;
            case AbaBval or AbaAux or AbaConf or AbaTerm: mvba.OnAgreement(sender, message, step); break;
            case MvbaFetch m: mvba.OnFetch(sender, m, step); break;
            case MvbaFetchReply m: mvba.OnFetchReply(sender, m, step); break;
        }
    }

    /// <summary>A valid proof vector: DONE certificates signed by f+1 real keys for n−f proposers.</summary>
    private static ProofVector ValidVector(ShardFixture fixture, byte tag)
    {
        var quorum = fixture.Committee.Quorum;
        var proofs = Enumerable.Range(0, quorum.Strong).Select(p =>
        {
            var digest = Hash32.Of([tag, (byte)p]);
            var statement = Statements.PrbcDone(fixture.Domain, 0, p, digest);
            var votes = Enumerable.Range(0, quorum.Weak).ToDictionary(s => s, s => fixture.Keys[s].Sign(statement));
            return new PrbcProof(p, digest, QuorumCertificate.FromVotes(votes));
        }).ToArray();
        return new ProofVector(proofs);
    }

    private static bool IsValid(ShardFixture fixture, ProofVector vector) =>
        vector.Proofs.Count >= fixture.Committee.Quorum.Strong && vector.Proofs.All(p =>
            p.Certificate.Verify(fixture.Committee, Statements.PrbcDone(fixture.Domain, 0, p.Proposer, p.Digest), fixture.Committee.Quorum.Weak) == CertificateError.None);

    private static (Harness Harness, ValidatedAgreement?[] Nodes, ProofVector[] Inputs) Run(int n, int seed, int silent = 0,
        Func<int, int, ConsensusMessage, ConsensusMessage?>? filter = null)
    {
        var fixture = ShardFixture.For(n);
        var harness = new Harness(n, seed) { Filter = filter };
        var nodes = new ValidatedAgreement?[n];
        var inputs = Enumerable.Range(0, n).Select(i => ValidVector(fixture, (byte)i)).ToArray();
        for (var i = silent; i < n; i++)
        {
            var mvba = nodes[i] = new ValidatedAgreement(fixture.Config(i), 0, v => IsValid(fixture, v));
            harness.Node(i, (_, from, m, step) => Dispatch(mvba, from, m, step));
        }
        for (var i = silent; i < n; i++)
        {
            var step = new Step();
            nodes[i]!.Input(inputs[i], step);
            harness.Apply(i, step);
        }
        harness.Run();
        return (harness, nodes, inputs);
    }

    [Test]
    public void Honest_nodes_decide_one_of_the_proposed_values([Values(4, 7)] int n, [Range(1, 6)] int seed)
    {
        var (_, nodes, inputs) = Run(n, seed);
        var outputs = nodes.Select(m => m!.Output?.Digest).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(outputs, Is.All.Not.Null, $"seed {seed}: termination");
            Assert.That(outputs.Distinct().Count(), Is.EqualTo(1), $"seed {seed}: agreement");
            Assert.That(inputs.Select(v => (Hash32?)v.Digest), Does.Contain(outputs[0]), $"seed {seed}: the output was proposed");
            Assert.That(nodes.Select(m => m!.Iterations), Is.All.LessThanOrEqualTo(ShardFixture.For(n).Committee.Quorum.F + 1),
                "the gather core bounds the iterations by f+1");
        });
    }

    [Test]
    public void Terminates_with_f_silent_nodes([Values(4, 7)] int n, [Range(1, 6)] int seed)
    {
        var f = (n - 1) / 3;
        var (_, nodes, _) = Run(n, seed, silent: f);
        var outputs = nodes.Skip(f).Select(m => m!.Output?.Digest).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(outputs, Is.All.Not.Null, $"seed {seed}");
            Assert.That(outputs.Distinct().Count(), Is.EqualTo(1), $"seed {seed}");
        });
    }

    [Test]
    public void A_node_missing_the_decided_value_fetches_it([Range(1, 12)] int seed)
    {
        // Node 3 never sees any CBC SEND or FINAL: it can only learn the decided value by fetching it.
        var (harness, nodes, _) = Run(4, seed, filter: (from, to, m) => to == 3 && m is CbcSend or CbcFinal ? null : m);
        Assert.Multiple(() =>
        {
            Assert.That(nodes[3]!.Output?.Digest, Is.EqualTo(nodes[0]!.Output?.Digest).And.Not.Null, $"seed {seed}");
        });
    }

    [Test]
    public void An_invalid_value_is_not_echoed_and_its_sender_is_flagged()
    {
        var fixture = ShardFixture.For(4);
        var mvba = new ValidatedAgreement(fixture.Config(0), 0, v => IsValid(fixture, v));
        var forged = new ProofVector(ValidVector(fixture, 1).Proofs.Select(p => p with { Digest = Hash32.Of([0xEE]) }).ToArray());
        var step = new Step();
        mvba.OnSend(2, new CbcSend(0, forged), step);
        Assert.Multiple(() =>
        {
            Assert.That(step.Messages, Is.Empty, "no echo for an invalid value");
            Assert.That(step.Faults.Single(), Has.Property("Node").EqualTo(2).And.Property("Kind").EqualTo(FaultKind.InvalidValue));
        });
    }

    [Test]
    public void A_gather_set_with_a_forged_certificate_does_not_count()
    {
        var fixture = ShardFixture.For(4);
        var mvba = new ValidatedAgreement(fixture.Config(0), 0, v => IsValid(fixture, v));
        var fake = Enumerable.Range(0, 3).Select(o => new CbcCertificate(o, Hash32.Of([(byte)o]),
            new QuorumCertificate([0, 1, 2], [new byte[64], new byte[64], new byte[64]]))).ToArray();
        var step = new Step();
        mvba.OnGather(1, new GatherSet(0, 2, fake), step);
        Assert.That(step.Faults.Select(f => f.Kind), Does.Contain(FaultKind.InvalidCertificate));
        Assert.That(step.Messages, Is.Empty, "a forged set must not advance the gather");
    }
}
