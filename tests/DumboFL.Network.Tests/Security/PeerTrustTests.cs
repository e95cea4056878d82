using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DumboFL.Core.Crypto;
using DumboFL.Network.Security;
using DumboFL.Network.Tests.Support;
using DumboFL.TestKit;

namespace DumboFL.Network.Tests.Security;

public class PeerTrustTests
{
    private static readonly IReadOnlyList<NodeKey> Keys = TestKeys.ForCommittee(4);
    private static readonly IReadOnlyList<PeerAddress> Cluster = LoopbackCluster.Cluster(Keys, 1, 4);

    [Test]
    public void A_node_certificate_carries_exactly_the_node_key()
    {
        using var certificate = NodeCertificate.Create(Keys[2], "0-2", TimeProvider.System);

        Assert.Multiple(() =>
        {
            Assert.That(NodeCertificate.P256PointOf(certificate), Is.EqualTo(Keys[2].PublicKey.Encoded.ToArray()));
            Assert.That(certificate.HasPrivateKey, Is.True);
        });
    }

    [Test]
    public void A_cluster_key_is_identified_as_its_node_and_only_as_it()
    {
        var trust = new PeerTrust(Cluster);
        using var certificate = NodeCertificate.Create(Keys[1], "whatever the name says", TimeProvider.System);

        Assert.Multiple(() =>
        {
            Assert.That(trust.Identify(certificate), Is.EqualTo("0-1"));
            Assert.That(trust.IsKeyOf(certificate, "0-1"), Is.True);
            Assert.That(trust.IsKeyOf(certificate, "0-2"), Is.False);
        });
    }

    [Test]
    public void A_key_outside_the_cluster_is_not_identified()
    {
        var trust = new PeerTrust(Cluster);
        using var stranger = NodeKey.Generate();
        using var certificate = NodeCertificate.Create(stranger, "0-1", TimeProvider.System);

        Assert.Multiple(() =>
        {
            Assert.That(trust.Identify(certificate), Is.Null);
            Assert.That(trust.IsKeyOf(certificate, "0-1"), Is.False);
            Assert.That(trust.Identify(null), Is.Null);
        });
    }

    [Test]
    public void Keys_on_other_curves_or_algorithms_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p384Certificate = new CertificateRequest("CN=x", p384, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var rsa = RSA.Create(2048);
        using var rsaCertificate = new CertificateRequest("CN=x", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.Multiple(() =>
        {
            Assert.That(NodeCertificate.P256PointOf(p384Certificate), Is.Null);
            Assert.That(NodeCertificate.P256PointOf(rsaCertificate), Is.Null);
        });
    }
}
