using System.Security.Cryptography;

namespace DumboFL.Core.Crypto;

/// <summary>
/// A node's signing key: ECDSA P-256 over SHA-256, signatures in the fixed 64-byte IEEE P1363 form (r ‖ s)
/// so that a certificate's size does not depend on DER lengths.
/// </summary>
public sealed class NodeKey : IDisposable
{
    public const int SignatureSize = 64;
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private readonly ECDsa _ecdsa;

    private NodeKey(ECDsa ecdsa)
    {
        _ecdsa = ecdsa;
        PublicKey = NodePublicKey.FromEcdsa(ecdsa);
    }

    public NodePublicKey PublicKey { get; }

    public static NodeKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a key from its PKCS#8 encoding.</summary>
    public static NodeKey FromPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new FormatException("not a PKCS#8 ECDSA private key", e);
        }
        // Compare the curve itself: other 256-bit curves (secp256k1, brainpool) have the same key size.
        if (ecdsa.ExportParameters(false).Curve.Oid?.Value != P256Oid)
        {
            ecdsa.Dispose();
            throw new FormatException("node keys are ECDSA P-256");
        }
        return new NodeKey(ecdsa);
    }

    public byte[] ExportPkcs8() => _ecdsa.ExportPkcs8PrivateKey();

    public byte[] Sign(ReadOnlySpan<byte> message) =>
        _ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose()
    {
        _ecdsa.Dispose();
        PublicKey.Dispose();
    }
}
