using DumboFL.Consensus.Tests.Support;
using DumboFL.Consensus.Wire;
using DumboFL.Core.Crypto;
using DumboFL.Core.Encoding;

namespace DumboFL.Consensus.Tests.Wire;

public class ConsensusCodecRoundTripTests
{
    // 4: one-byte bitmaps; 10: the last signer sits in a second bitmap byte.
    private static readonly int[] Sizes = [4, 10];

    private static IEnumerable<TestCaseData> Samples() =>
        Sizes.SelectMany(n => WireSamples.All(n).Select((m, i) =>
            new TestCaseData(n, i).SetName($"{m.GetType().Name} #{i} (n={n})")));

    private static ConsensusMessage Sample(int n, int index) => WireSamples.All(n)[index];

    [Test]
    public void Every_message_type_has_a_sample()
    {
        var types = typeof(ConsensusMessage).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ConsensusMessage)) && !t.IsAbstract)
            .Select(t => t.Name).Order().ToArray();
        var sampled = WireSamples.All(4).Select(m => m.GetType().Name).Distinct().Order().ToArray();
        Assert.That(sampled, Is.EqualTo(types), "a new message type needs a wire form and a sample here");
    }

    [TestCaseSource(nameof(Samples))]
    public void Decoding_then_encoding_gives_the_same_bytes(int n, int index)
    {
        var message = Sample(n, index);
        var bytes = ConsensusCodec.Encode(message);
        var decoded = ConsensusCodec.Decode(bytes, WireSamples.Limits(n));
        Assert.Multiple(() =>
        {
            Assert.That(decoded.GetType(), Is.EqualTo(message.GetType()));
            Assert.That(decoded.Epoch, Is.EqualTo(message.Epoch));
            Assert.That(ConsensusCodec.Encode(decoded), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void Records_of_plain_fields_compare_equal_after_decoding()
    {
        var plain = WireSamples.All(10).Where(m => m is PrbcEcho or PrbcReady or PrbcValueRequest or MvbaFetch
            or AbaBval or AbaAux or AbaConf or AbaTerm).ToArray();
        Assert.That(plain, Has.Length.EqualTo(9));
        foreach (var message in plain)
        {
            Assert.That(ConsensusCodec.Decode(ConsensusCodec.Encode(message), WireSamples.Limits(10)), Is.EqualTo(message));
        }
    }

    [Test]
    public void Decoded_batches_and_proof_vectors_keep_their_digests()
    {
        var limits = WireSamples.Limits(10);
        var samples = WireSamples.All(10);
        var value = samples.OfType<PrbcValue>().First();
        var send = samples.OfType<CbcSend>().First();
        var decodedValue = (PrbcValue)ConsensusCodec.Decode(ConsensusCodec.Encode(value), limits);
        var decodedSend = (CbcSend)ConsensusCodec.Decode(ConsensusCodec.Encode(send), limits);
        Assert.Multiple(() =>
        {
            Assert.That(decodedValue.Proposer, Is.EqualTo(value.Proposer));
            Assert.That(decodedValue.Batch.Items, Is.EqualTo(value.Batch.Items));
            Assert.That(decodedValue.Batch.Digest, Is.EqualTo(value.Batch.Digest));
            // The proof vector's digest covers every proposer, digest and certificate in canonical form.
            Assert.That(decodedSend.Value.Digest, Is.EqualTo(send.Value.Digest));
        });
    }

    [Test]
    public void Decoded_signatures_certificates_and_coin_shares_still_verify()
    {
        var fixture = ShardFixture.For(10);
        var limits = WireSamples.Limits(10);
        var samples = WireSamples.All(10);
        var done = (PrbcDone)ConsensusCodec.Decode(ConsensusCodec.Encode(samples.OfType<PrbcDone>().First()), limits);
        var final = (CbcFinal)ConsensusCodec.Decode(ConsensusCodec.Encode(samples.OfType<CbcFinal>().First()), limits);
        var coins = samples.OfType<CoinShareMessage>()
            .Select(m => (CoinShareMessage)ConsensusCodec.Decode(ConsensusCodec.Encode(m), limits)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(fixture.Committee.Verify(0, Statements.PrbcDone(fixture.Domain, done.Epoch, done.Proposer, done.Digest), done.Signature), Is.True);
            var statement = Statements.CbcEcho(fixture.Domain, final.Epoch, final.Certificate.Origin, final.Certificate.Digest);
            Assert.That(final.Certificate.Certificate.Verify(fixture.Committee, statement, 10), Is.EqualTo(CertificateError.None));
            foreach (var coin in coins)
            {
                Assert.That(fixture.Coin.VerifyShare(Statements.CoinId(fixture.Domain, coin.Epoch, coin.Slot), coin.Share), Is.True, coin.Slot.ToString());
            }
        });
    }

    [Test]
    public void A_certificate_travels_in_its_canonical_form()
    {
        var final = WireSamples.All(10).OfType<CbcFinal>().First();
        var canonical = new CanonicalWriter("t");
        final.Certificate.Certificate.WriteTo(canonical);
        var expected = canonical.WrittenSpan[(4 + 1)..].ToArray();
        // kind ‖ epoch ‖ origin ‖ digest, then the certificate.
        var wire = ConsensusCodec.Encode(final);
        Assert.That(wire[(1 + 8 + 4 + 32)..], Is.EqualTo(expected));
    }

    [Test]
    public void Layout_of_an_echo_is_kind_epoch_proposer_digest_little_endian()
    {
        var digest = WireSamples.Hash(1);
        var bytes = ConsensusCodec.Encode(new PrbcEcho(0x0102_0304_0506_0708, 0x0A0B_0C0D, digest));
        byte[] expected = [2, 8, 7, 6, 5, 4, 3, 2, 1, 0x0D, 0x0C, 0x0B, 0x0A, .. digest.ToArray()];
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [Test]
    public void A_full_proposal_is_encoded_into_a_buffer_of_exactly_its_size_and_round_trips()
    {
        const int items = 10_000;
        var random = new Random(7);
        var batch = new Batch(Enumerable.Range(0, items).Select(_ =>
        {
            var item = new byte[250];
            random.NextBytes(item);
            return item;
        }).ToArray());
        var limits = new WireLimits(4, 1 << 20, items);
        var bytes = ConsensusCodec.Encode(new PrbcValue(3, 2, batch));
        var decoded = (PrbcValue)ConsensusCodec.Decode(bytes, limits);
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Has.Length.EqualTo(1 + 8 + 4 + 4 + (items * (4 + 250))));
            Assert.That(decoded.Batch.Digest, Is.EqualTo(batch.Digest));
        });
    }

    [Test]
    public void Encoding_refuses_a_certificate_the_bitmap_cannot_express()
    {
        var signature = new byte[NodeKey.SignatureSize];
        var unordered = new QuorumCertificate([2, 1], [signature, signature]);
        var negative = new QuorumCertificate([-1], [signature]);
        Assert.Multiple(() =>
        {
            Assert.That(() => ConsensusCodec.Encode(new CbcFinal(1, new CbcCertificate(0, WireSamples.Hash(0), unordered))), Throws.ArgumentException);
            Assert.That(() => ConsensusCodec.Encode(new CbcFinal(1, new CbcCertificate(0, WireSamples.Hash(0), negative))), Throws.ArgumentException);
        });
    }

    [Test]
    public void Limits_follow_the_config_and_refuse_impossible_values()
    {
        var limits = WireLimits.For(ShardFixture.For(4).Config(0, batchSize: 1000));
        Assert.Multiple(() =>
        {
            Assert.That(limits, Is.EqualTo(new WireLimits(4, 1 << 20, 250)));
            Assert.That(() => new WireLimits(0, 1, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => limits with { MaxBatchItems = -1 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
