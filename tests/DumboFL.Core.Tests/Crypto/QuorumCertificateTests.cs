using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Core.Tests.Crypto;

public class QuorumCertificateTests
{
    private NodeKey[] _keys = [];
    private Committee _committee = null!;
    private byte[] _statement = [];

    [OneTimeSetUp]
    public void CreateCommittee()
    {
        _keys = Enumerable.Range(0, 4).Select(_ => NodeKey.Generate()).ToArray();
        _committee = new Committee(_keys.Select(k => k.PublicKey));
        _statement = new SigningDomain(Hash32.Of("cluster"u8), Shard: 2).Statement("vote", epoch: 3, instance: 1).ToArray();
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private int Strong => _committee.Quorum.Strong;

    private QuorumCertificate SignedBy(params int[] signers) =>
        new(signers, signers.Select(s => _keys[s].Sign(_statement)).ToArray());

    [Test]
    public void A_certificate_with_n_minus_f_valid_signatures_verifies()
    {
        var certificate = QuorumCertificate.FromVotes(new[] { 2, 0, 1 }.Select(s => KeyValuePair.Create(s, _keys[s].Sign(_statement))));

        Assert.Multiple(() =>
        {
            Assert.That(certificate.Signers, Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(certificate.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.None));
        });
    }

    [Test]
    public void Duplicate_signers_are_rejected()
    {
        var signature = _keys[0].Sign(_statement);
        var certificate = new QuorumCertificate([0, 0, 1], [signature, signature, _keys[1].Sign(_statement)]);

        Assert.Multiple(() =>
        {
            Assert.That(certificate.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.DuplicateSigner));
            Assert.That(() => QuorumCertificate.FromVotes([KeyValuePair.Create(1, signature), KeyValuePair.Create(1, signature)]),
                Throws.ArgumentException);
        });
    }

    [Test]
    public void A_signer_outside_the_committee_is_rejected()
    {
        var outsider = new QuorumCertificate([0, 1, 4], [_keys[0].Sign(_statement), _keys[1].Sign(_statement), _keys[2].Sign(_statement)]);
        var negative = new QuorumCertificate([-1, 0, 1], [_keys[3].Sign(_statement), _keys[0].Sign(_statement), _keys[1].Sign(_statement)]);

        Assert.Multiple(() =>
        {
            Assert.That(outsider.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.UnknownSigner));
            Assert.That(negative.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.UnknownSigner));
        });
    }

    [Test]
    public void Signatures_over_another_statement_are_rejected()
    {
        var certificate = SignedBy(0, 1, 2);
        var otherEpoch = new SigningDomain(Hash32.Of("cluster"u8), Shard: 2).Statement("vote", epoch: 4, instance: 1).ToArray();

        Assert.That(certificate.Verify(_committee, otherEpoch, Strong), Is.EqualTo(CertificateError.BadSignature));
    }

    [Test]
    public void Fewer_signers_than_the_threshold_are_rejected()
    {
        var certificate = SignedBy(0, 3);

        Assert.Multiple(() =>
        {
            Assert.That(certificate.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.TooFewSigners));
            Assert.That(certificate.Verify(_committee, _statement, _committee.Quorum.Weak), Is.EqualTo(CertificateError.None));
        });
    }

    [Test]
    public void One_bad_signature_among_good_ones_is_rejected()
    {
        var good = SignedBy(0, 1, 2, 3);
        var signatures = good.Signatures.Select(s => s.ToArray()).ToArray();
        signatures[3][5] ^= 0x80;
        var certificate = new QuorumCertificate(good.Signers, signatures);

        Assert.That(certificate.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.BadSignature));
    }

    [Test]
    public void A_signature_by_a_different_member_than_claimed_is_rejected()
    {
        var certificate = new QuorumCertificate([0, 1, 2], [_keys[0].Sign(_statement), _keys[1].Sign(_statement), _keys[3].Sign(_statement)]);

        Assert.That(certificate.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.BadSignature));
    }

    [TestCase(63)]
    [TestCase(65)]
    [TestCase(0)]
    public void A_signature_of_the_wrong_length_makes_the_certificate_malformed(int length)
    {
        var signatures = new[] { 0, 1, 2 }.Select(s => _keys[s].Sign(_statement)).ToArray();
        signatures[1] = new byte[length];
        var certificate = new QuorumCertificate([0, 1, 2], signatures);

        Assert.That(certificate.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.Malformed));
    }

    [Test]
    public void Signers_out_of_order_make_the_certificate_malformed()
    {
        var certificate = new QuorumCertificate([1, 0, 2], [_keys[1].Sign(_statement), _keys[0].Sign(_statement), _keys[2].Sign(_statement)]);

        Assert.That(certificate.Verify(_committee, _statement, Strong), Is.EqualTo(CertificateError.Malformed));
    }

    [Test]
    public void A_certificate_cannot_be_changed_through_the_arrays_it_was_built_from()
    {
        var signature = _keys[0].Sign(_statement);
        var certificate = new QuorumCertificate([0], [signature]);
        signature[5] ^= 0x80;

        Assert.That(certificate.Verify(_committee, _statement, 1), Is.EqualTo(CertificateError.None));
    }

    [Test]
    public void Encoded_size_matches_the_canonical_form([Values(0, 1, 3)] int signers)
    {
        var certificate = SignedBy(Enumerable.Range(0, signers).ToArray());
        var writer = new DumboFL.Core.Encoding.CanonicalWriter("");
        var empty = writer.WrittenSpan.Length;
        certificate.WriteTo(writer);

        Assert.That(writer.WrittenSpan.Length - empty, Is.EqualTo(certificate.EncodedSize));
    }
}
