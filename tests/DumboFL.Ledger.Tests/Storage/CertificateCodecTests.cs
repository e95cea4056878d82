using DumboFL.Core.Crypto;
using DumboFL.Core.Encoding;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

public sealed class CertificateCodecTests
{
    [Test]
    public void A_certificate_decodes_to_the_same_signers_and_signatures()
    {
        var certificate = TestChain.Certificate(0, 3, 7, 8, 15, 16);

        var decoded = CertificateCodec.Decode(CertificateCodec.Encode(certificate));

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Signers, Is.EqualTo(certificate.Signers));
            Assert.That(decoded.Signatures.Select(s => s.ToArray()), Is.EqualTo(certificate.Signatures.Select(s => s.ToArray())));
        });
    }

    [Test]
    public void The_stored_form_is_the_certificates_canonical_form_under_the_storage_tag()
    {
        var certificate = TestChain.Certificate(1, 2);
        var writer = new CanonicalWriter("dumbofl/qc/v1");
        certificate.WriteTo(writer);

        Assert.That(CertificateCodec.Encode(certificate), Is.EqualTo(writer.ToArray()));
    }

    [Test]
    public void An_empty_certificate_round_trips()
    {
        Assert.That(CertificateCodec.Decode(CertificateCodec.Encode(TestChain.Certificate())).Count, Is.Zero);
    }

    public static IEnumerable<TestCaseData> Malformed()
    {
        var good = CertificateCodec.Encode(TestChain.Certificate(0, 2));
        yield return new TestCaseData(good[..^1]).SetName("a truncated signature");
        yield return new TestCaseData(good.Append((byte)0).ToArray()).SetName("trailing bytes");
        yield return new TestCaseData(Build([0b101], [NodeKey.SignatureSize])).SetName("a missing signature");
        yield return new TestCaseData(Build([0b1, 0], [NodeKey.SignatureSize])).SetName("a bitmap ending in a zero byte");
        yield return new TestCaseData(Build([0b1], [NodeKey.SignatureSize - 1])).SetName("a short signature");
        var otherTag = new CanonicalWriter("dumbofl/qc/v2");
        TestChain.Certificate(0).WriteTo(otherTag);
        yield return new TestCaseData(otherTag.ToArray()).SetName("another domain tag");
    }

    [TestCaseSource(nameof(Malformed))]
    public void Bytes_the_writer_cannot_produce_are_refused(byte[] bytes)
    {
        Assert.Throws<FormatException>(() => CertificateCodec.Decode(bytes));
    }

    private static byte[] Build(byte[] bitmap, int[] signatureSizes)
    {
        var writer = new CanonicalWriter(CertificateCodec.DomainTag).WriteBytes(bitmap);
        foreach (var size in signatureSizes)
        {
            writer.WriteBytes(new byte[size]);
        }
        return writer.ToArray();
    }
}
