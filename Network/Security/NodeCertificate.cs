using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DumboFL.Core.Crypto;

namespace DumboFL.Network.Security;

/// <summary>
/// A node's TLS identity: a self-signed certificate over the node key itself, so that the key pinned in the
/// cluster file is the key the TLS handshake proves possession of. No CA, no chain: peers compare keys.
/// </summary>
internal static class NodeCertificate
{
    // id-ecPublicKey and the DER of the named curve P-256 (prime256v1), as they appear in SubjectPublicKeyInfo.
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private static readonly byte[] P256ParametersDer = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    public static X509Certificate2 Create(NodeKey key, string nodeId, TimeProvider time)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key.ExportPkcs8(), out _);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName($"dumbofl node {nodeId}");
        var request = new CertificateRequest(name.Build(), ecdsa, HashAlgorithmName.SHA256);
        var now = time.GetUtcNow();
        // Validity is not checked by peers (they pin the key), but keep it plausible for tools that look.
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        if (!OperatingSystem.IsWindows())
        {
            // On Linux and macOS SslStream uses the ephemeral private key directly (tested on Linux).
            return certificate;
        }
        // SChannel cannot use an ephemeral key: give it a PKCS#12 round trip so the key lands in a key store.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    /// <summary>
    /// The certificate's public key as the 65-byte uncompressed point, if it is a P-256 key given by the
    /// named-curve OID. Explicit curve parameters are refused: a crafted curve could contain a pinned point.
    /// </summary>
    public static byte[]? P256PointOf(X509Certificate? certificate)
    {
        if (certificate is not X509Certificate2 certificate2)
        {
            return null;
        }
        var publicKey = certificate2.PublicKey;
        if (publicKey.Oid.Value != EcPublicKeyOid
            || publicKey.EncodedParameters is not { } parameters
            || !parameters.RawData.AsSpan().SequenceEqual(P256ParametersDer))
        {
            return null;
        }
        var point = publicKey.EncodedKeyValue.RawData;
        return point.Length == NodePublicKey.EncodedSize && point[0] == 0x04 ? point : null;
    }
}
