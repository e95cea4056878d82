using System.Buffers.Binary;
using DumboFL.Consensus.Wire;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests.Wire;

public class ConsensusCodecRejectionTests
{
    private static readonly WireLimits Four = new(4, 1024, 16);
    private static readonly Hash32 Digest = WireSamples.Hash(3);
    private static readonly byte[] Signature = new byte[NodeKey.SignatureSize];

    private static void AssertRefused(byte[] bytes, WireLimits limits, string reason) =>
        Assert.That(() => ConsensusCodec.Decode(bytes, limits), Throws.TypeOf<FormatException>().With.Message.Contains(reason));

    private static QuorumCertificate Signed(params int[] signers) => new(signers, signers.Select(_ => Signature).ToArray());

    private static CoinShare Share(int signer, int point = CoinShare.PointSize, int challenge = CoinShare.ScalarSize) =>
        new(signer, new byte[point], new byte[challenge], new byte[CoinShare.ScalarSize]);

    [TestCase(4)]
    [TestCase(10)]
    public void Every_truncation_of_every_sample_is_refused(int n)
    {
        var limits = WireSamples.Limits(n);
        foreach (var message in WireSamples.All(n))
        {
            var bytes = ConsensusCodec.Encode(message);
            for (var length = 0; length < bytes.Length; length++)
            {
                var prefix = bytes[..length];
                Assert.That(() => ConsensusCodec.Decode(prefix, limits), Throws.TypeOf<FormatException>(),
                    $"{message.GetType().Name} cut to {length} of {bytes.Length} bytes");
            }
        }
    }

    [Test]
    public void A_trailing_byte_is_refused()
    {
        foreach (var message in WireSamples.All(4))
        {
            AssertRefused([.. ConsensusCodec.Encode(message), 0], WireSamples.Limits(4), "trailing");
        }
    }

    [TestCase((byte)0)]
    [TestCase((byte)7)]
    [TestCase((byte)24)]
    [TestCase((byte)255)]
    public void An_unknown_kind_is_refused(byte kind) => AssertRefused([kind, 0, 0, 0, 0, 0, 0, 0, 0], Four, "kind");

    private static IEnumerable<TestCaseData> OutOfRange()
    {
        TestCaseData Case(string name, ConsensusMessage message, string reason) => new TestCaseData(message, reason).SetName(name);
        yield return Case("proposer n", new PrbcEcho(1, 4, Digest), "proposer 4");
        yield return Case("proposer -1", new PrbcReady(1, -1, Digest), "proposer -1");
        yield return Case("proposer int.MaxValue", new PrbcValue(1, int.MaxValue, Batch.Empty), "proposer");
        yield return Case("DONE proposer", new PrbcDone(1, 4, Digest, Signature), "proposer 4");
        yield return Case("CBC echo origin", new CbcEcho(1, 4, Digest, Signature), "origin 4");
        yield return Case("CBC final origin", new CbcFinal(1, new CbcCertificate(7, Digest, Signed(0))), "origin 7");
        yield return Case("certificate signer n", new CbcFinal(1, new CbcCertificate(0, Digest, Signed(0, 4))), "signer 4");
        yield return Case("certificate wider than the committee", new CbcFinal(1, new CbcCertificate(0, Digest, Signed(0, 8))), "bitmap");
        yield return Case("proof proposer", new CbcSend(1, new ProofVector([new PrbcProof(4, Digest, Signed(0))])), "proposer 4");
        yield return Case("fetch candidate", new MvbaFetch(1, 4), "candidate 4");
        yield return Case("fetch reply candidate", new MvbaFetchReply(1, -1, null, null), "candidate -1");
        yield return Case("ABA iteration n", new AbaBval(1, 4, 0, true), "iteration 4");
        yield return Case("ABA iteration -1", new AbaTerm(1, -1, true), "iteration -1");
        yield return Case("ABA round -1", new AbaAux(1, 0, -1, true), "round -1");
        yield return Case("coin share signer", new CoinShareMessage(1, new CoinSlot(CoinPurpose.Agreement, 0, 0), Share(4)), "signer 4");
        yield return Case("coin iteration", new CoinShareMessage(1, new CoinSlot(CoinPurpose.Agreement, 4, 0), Share(0)), "iteration 4");
    }

    [TestCaseSource(nameof(OutOfRange))]
    public void A_node_index_outside_the_committee_is_refused(ConsensusMessage message, string reason) =>
        AssertRefused(ConsensusCodec.Encode(message), Four, reason);

    private static IEnumerable<TestCaseData> Malformed()
    {
        TestCaseData Case(string name, ConsensusMessage message, string reason) => new TestCaseData(message, reason).SetName(name);
        yield return Case("short signature", new PrbcDone(1, 0, Digest, new byte[63]), "expected 64");
        yield return Case("long signature", new BlockSignature(1, 2, Digest, new byte[65]), "expected 64");
        yield return Case("short certificate signature", new CbcFinal(1, new CbcCertificate(0, Digest, new QuorumCertificate([1], [new byte[3]]))), "expected 64");
        yield return Case("short coin point", new CoinShareMessage(1, new CoinSlot(CoinPurpose.Agreement, 0, 0), Share(0, point: 32)), "point");
        yield return Case("short coin challenge", new CoinShareMessage(1, new CoinSlot(CoinPurpose.Agreement, 0, 0), Share(0, challenge: 31)), "challenge");
        yield return Case("unknown coin purpose", new CoinShareMessage(1, new CoinSlot((CoinPurpose)3, 0, 0), Share(0)), "purpose 3");
        yield return Case("permutation coin with a round", new CoinShareMessage(1, new CoinSlot(CoinPurpose.Permutation, 0, 1), Share(0)), "permutation");
        yield return Case("bin set out of range", new AbaConf(1, 0, 0, new BinSet(4)), "bin set 4");
        yield return Case("gather phase 1", new GatherSet(1, 1, []), "phase 1");
        yield return Case("gather phase 4", new GatherSet(1, 4, []), "phase 4");
        yield return Case("too many items", new PrbcValue(1, 0, new Batch(Enumerable.Range(0, 17).Select(_ => new byte[1]).ToArray())), "at most 16");
        yield return Case("item too large", new PrbcValueReply(1, 0, new Batch([new byte[1025]])), "at most 1024");
        yield return Case("proof vector over n", new CbcSend(1, new ProofVector(Enumerable.Range(0, 5).Select(_ => new PrbcProof(0, Digest, Signed(0))).ToArray())), "at most 4");
        yield return Case("gather set over n", new GatherSet(1, 2, Enumerable.Range(0, 5).Select(_ => new CbcCertificate(0, Digest, Signed(0))).ToArray()), "at most 4");
    }

    [TestCaseSource(nameof(Malformed))]
    public void A_field_of_the_wrong_shape_or_over_its_limit_is_refused(ConsensusMessage message, string reason) =>
        AssertRefused(ConsensusCodec.Encode(message), Four, reason);

    [Test]
    public void A_boolean_other_than_0_or_1_is_refused()
    {
        var bval = ConsensusCodec.Encode(new AbaBval(1, 0, 0, true));
        bval[^1] = 2;
        var reply = ConsensusCodec.Encode(new MvbaFetchReply(1, 0, null, null));
        reply[^2] = 7;
        Assert.Multiple(() =>
        {
            AssertRefused(bval, Four, "boolean");
            AssertRefused(reply, Four, "boolean");
        });
    }

    [Test]
    public void A_certificate_bitmap_ending_in_a_zero_byte_is_refused()
    {
        // Signer 0 with a second, empty bitmap byte: the same set as [0x01], so not canonical.
        var bytes = ConsensusCodec.Encode(new CbcFinal(1, new CbcCertificate(0, Digest, Signed(0))));
        var bitmapAt = 1 + 8 + 4 + Hash32.Size;
        byte[] padded = [.. bytes[..bitmapAt], 2, 0, 0, 0, 0x01, 0x00, .. bytes[(bitmapAt + 5)..]];
        AssertRefused(padded, new WireLimits(16, 1024, 16), "zero byte");
    }

    [Test]
    public void A_forged_count_is_refused_before_anything_is_allocated()
    {
        var limits = new WireLimits(4, int.MaxValue, int.MaxValue);
        byte[] head = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var hugeCount = Append(head, int.MaxValue);
        var hugeItem = Append(Append(head, 1), uint.MaxValue);
        Assert.Multiple(() =>
        {
            AssertRefused(hugeCount, limits, "cannot fit");
            AssertRefused(Append(head, uint.MaxValue), limits, "at most");
            AssertRefused(Append(head, 1000), limits, "cannot fit");
            AssertRefused(hugeItem, limits, "at most");
            AssertRefused(Append(Append(head, 1), 1000), limits, "ends early");
            AssertRefused(Append(head, 17), Four, "at most 16");
        });
    }

    private static byte[] Append(byte[] prefix, uint value)
    {
        var bytes = new byte[prefix.Length + 4];
        prefix.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(prefix.Length), value);
        return bytes;
    }
}
