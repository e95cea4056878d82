using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Shards.Tests;

/// <summary>What the protocol refuses: unverifiable LDs, CL_M for a valid leg, certificates that do not verify, malformed bytes.</summary>
[TestFixture]
public sealed class CrossShardRefusalTests
{
    private static CrossShardTx Tx(int tag, uint[] inputs, bool[] valid, uint output) =>
        new(Hash32.Of(BitConverter.GetBytes(tag)), inputs, valid, output, false, [(byte)tag]);

    /// <summary>
    /// Shard 1 locks a valid leg towards shard 0 while shard 0 is down (its LD is lost); returns the block and a real
    /// certificate over it, for tests to hand to shard 0's coordinators themselves.
    /// </summary>
    private static (Block Block, QuorumCertificate Certificate, CrossShardTx Tx) LockedLeg(CrossShardHarness harness)
    {
        var tx = Tx(10, [1], [true], 0);
        var down = Enumerable.Range(0, 4).Select(i => ((uint)0, i)).ToArray();
        harness.Silent.UnionWith(down);
        harness.Submit(1, tx);
        harness.RunUntilQuiet();
        harness.Silent.ExceptWith(down);
        var node = harness.Nodes[1][0];
        var block = node.Store.GetBlock(node.Store.Height!.Value)!;
        return (block, CertificateFor(harness, 1, block), tx);
    }

    private static QuorumCertificate CertificateFor(CrossShardHarness harness, uint shard, Block block, int signers = 3, NodeKey[]? keys = null)
    {
        var statement = BlockStatements.Certify(harness.Keys.Domain(shard), block.Header.Epoch, block.Height, block.Header.Hash);
        var signing = keys ?? harness.SigningKeys(shard);
        return QuorumCertificate.FromVotes(Enumerable.Range(0, signers).Select(i => KeyValuePair.Create(i, signing[i].Sign(statement))));
    }

    [Test]
    public void A_leg_proof_whose_certificate_does_not_verify_is_refused_and_counted()
    {
        using var harness = new CrossShardHarness(2, 4, seed: 5);
        var (block, _, _) = LockedLeg(harness);
        var legs = block.Entries.OfType<CrossShardTx>().Where(t => t.OutputShard == 0).ToArray();
        var receiver = harness.Nodes[0][2].Coordinator;

        using var stranger = NodeKey.Generate();
        var strangers = Enumerable.Range(0, 4).Select(_ => stranger).ToArray();
        var forged = new LegProof(block.Header, CertificateFor(harness, 1, block, keys: strangers), 0, legs);
        var tooFew = new LegProof(block.Header, CertificateFor(harness, 1, block, signers: 2), 0, legs);
        var step = new CrossShardStep();

        Assert.Multiple(() =>
        {
            Assert.That(receiver.OnMessage(1, 0, forged, step), Is.EqualTo("leg-proof-bad-certificate"));
            Assert.That(receiver.OnMessage(1, 0, tooFew, step), Is.EqualTo("leg-proof-bad-certificate"), "n−f signatures are needed");
            Assert.That(step.IsEmpty, Is.True, "nothing is signed for an unverified LD");
            Assert.That(receiver.Faults["leg-proof-bad-certificate"], Is.EqualTo(2));
        });
    }

    [Test]
    public void A_leg_proof_that_leaves_out_a_leg_or_swaps_one_is_refused()
    {
        using var harness = new CrossShardHarness(2, 4, seed: 6);
        var (block, certificate, _) = LockedLeg(harness);
        var legs = block.Entries.OfType<CrossShardTx>().Where(t => t.OutputShard == 0).ToArray();
        var receiver = harness.Nodes[0][1].Coordinator;
        var swapped = legs.Select(l => l with { Payload = [99] }).ToArray();
        var step = new CrossShardStep();

        Assert.Multiple(() =>
        {
            Assert.That(receiver.OnMessage(1, 0, new LegProof(block.Header, certificate, 0, swapped), step), Is.EqualTo("leg-proof-bad-group-root"));
            Assert.That(receiver.OnMessage(1, 0, new LegProof(block.Header, certificate, 0, legs.Concat(legs).ToArray()), step), Is.EqualTo("leg-proof-incomplete-group"));
            Assert.That(receiver.OnMessage(0, 0, new LegProof(block.Header, certificate, 0, legs), step), Is.EqualTo("leg-proof-misrouted"), "sent by a node of another shard than the block's");
            Assert.That(step.IsEmpty, Is.True);
            Assert.That(receiver.OnMessage(1, 0, new LegProof(block.Header, certificate, 0, legs), step), Is.Null, "the genuine proof is taken");
            Assert.That(step.Messages.Select(m => m.Message).OfType<SignShare>().Count(), Is.EqualTo(3), "and SIGN goes to the three other nodes");
        });
    }

    [Test]
    public void A_clear_share_for_a_valid_leg_is_refused()
    {
        using var harness = new CrossShardHarness(2, 4, seed: 7);
        var tx = Tx(11, [0, 1], [true, true], 1);
        var lying = new ClearShare(tx, harness.SigningKeys(0)[3].Sign(CrossShardStatements.ClearMessage(harness.Keys.Domain(0), tx.Id)));
        var step = new CrossShardStep();

        Assert.That(harness.Nodes[0][0].Coordinator.OnMessage(0, 3, lying, step), Is.EqualTo("clear-share-for-valid-leg"));
        Assert.That(step.IsEmpty, Is.True);
    }

    [Test]
    public void Cross_shard_entries_with_certificates_that_do_not_verify_are_purged()
    {
        using var harness = new CrossShardHarness(2, 4, seed: 8);
        var tx = Tx(12, [1, 0], [false, true], 0);
        var statement = CrossShardStatements.ClearMessage(harness.Keys.Domain(1), tx.Id);
        var good = QuorumCertificate.FromVotes(Enumerable.Range(0, 3).Select(i => KeyValuePair.Create(i, harness.SigningKeys(1)[i].Sign(statement))));
        // Signed by shard 0's committee instead of shard 1's.
        var wrongCommittee = QuorumCertificate.FromVotes(Enumerable.Range(0, 3).Select(i => KeyValuePair.Create(i, harness.SigningKeys(0)[i].Sign(statement))));
        var acceptedStatement = CrossShardStatements.Sign(harness.Keys.Domain(0), 1, 5, LegsAccepted.DigestOf([tx.Id]));
        var shortSign = QuorumCertificate.FromVotes(Enumerable.Range(0, 2).Select(i => KeyValuePair.Create(i, harness.SigningKeys(0)[i].Sign(acceptedStatement))));
        var node = harness.Nodes[0][0];

        Assert.Multiple(() =>
        {
            Assert.That(node.Book.Check(new CrossShardAbort(tx, 1, wrongCommittee)), Is.EqualTo(InvalidReason.BadCertificate));
            Assert.That(node.Book.Check(new CrossShardAbort(tx, 0, good)), Is.EqualTo(InvalidReason.Malformed), "shard 0's leg is valid: no CL can name it");
            Assert.That(node.Book.Check(new LegsAccepted(1, 5, [tx.Id], shortSign)), Is.EqualTo(InvalidReason.BadCertificate));
            Assert.That(node.Book.Check(new CrossShardAbort(tx, 1, good)), Is.Null, "the real CL certificate is valid");
            Assert.That(node.Book.Check(tx.OutputLeg()), Is.EqualTo(InvalidReason.NotCertified), "no output before the legs are accepted");
            Assert.That(node.Book.Check(Tx(13, [1], [true], 1)), Is.EqualTo(InvalidReason.WrongShard), "another shard's intra-shard tx");
        });
    }

    [Test]
    public void Every_message_round_trips_and_damaged_bytes_are_refused()
    {
        using var harness = new CrossShardHarness(2, 4, seed: 9);
        var (block, certificate, tx) = LockedLeg(harness);
        var legs = block.Entries.OfType<CrossShardTx>().Where(t => t.OutputShard == 0).ToArray();
        var signature = harness.SigningKeys(0)[0].Sign([1, 2, 3]);
        CrossShardMessage[] messages =
        [
            new LegProof(block.Header, certificate, 0, legs),
            new SignShare(1, 7, Hash32.Of([1]), signature),
            new ClearShare(tx, signature),
            new ClearCertificate(tx, 1, certificate),
        ];
        foreach (var message in messages)
        {
            var bytes = CrossShardCodec.Encode(message);
            Assert.That(CrossShardCodec.Encode(CrossShardCodec.Decode(bytes)), Is.EqualTo(bytes), message.GetType().Name);
            Assert.That(CrossShardCodec.TryDecode(bytes.AsSpan(0, bytes.Length - 1), out _, out var error), Is.False, $"{message.GetType().Name} cut short");
            Assert.That(error, Is.Not.Empty);
            Assert.That(CrossShardCodec.TryDecode([.. bytes, 0], out _, out _), Is.False, $"{message.GetType().Name} with a trailing byte");
        }
        var random = new Random(9);
        for (var i = 0; i < 2000; i++)
        {
            var junk = new byte[random.Next(0, 300)];
            random.NextBytes(junk);
            Assert.That(() => CrossShardCodec.TryDecode(junk, out _, out _), Throws.Nothing);
        }
    }
}
