using System.Security.Cryptography;

namespace DumboFL.Core.Crypto;

/// <summary>A node's public key: the uncompressed P-256 point (0x04 ‖ X ‖ Y, 65 bytes).</summary>
public sealed class NodePublicKey : IEquatable<NodePublicKey>, IDisposable
{
    public const int EncodedSize = 65;
    private readonly byte[] _encoded;
    private readonly ECDsa _ecdsa;

    private NodePublicKey(byte[] encoded, ECDsa ecdsa)
    {
        _encoded = encoded;
        _ecdsa = ecdsa;
    }

    public ReadOnlySpan<byte> Encoded => _encoded;

    internal static NodePublicKey FromEcdsa(ECDsa key)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        var encoded = new byte[EncodedSize];
        encoded[0] = 0x04;
        p.Q.X!.CopyTo(encoded, 1);
        p.Q.Y!.CopyTo(encoded, 33);
        return FromEncoded(encoded);
    }

    /// <summary>Parses and validates a public key (the point must lie on the curve).</summary>
    public static NodePublicKey FromEncoded(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != EncodedSize || encoded[0] != 0x04)
        {
            throw new FormatException($"a node public key is {EncodedSize} bytes starting 0x04");
        }
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = encoded[1..33].ToArray(), Y = encoded[33..].ToArray() },
        };
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportParameters(parameters);
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new FormatException("the public key is not a point on P-256", e);
        }
        return new NodePublicKey(encoded.ToArray(), ecdsa);
    }

    /// <summary>Verifies a 64-byte P1363 signature; any malformed input is simply invalid.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != NodeKey.SignatureSize)
        {
            return false;
        }
        return _ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public string ToHex() => Convert.ToHexStringLower(_encoded);

    public bool Equals(NodePublicKey? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    public override bool Equals(object? obj) => Equals(obj as NodePublicKey);

    public override int GetHashCode() => BitConverter.ToInt32(_encoded, 1);

    public void Dispose() => _ecdsa.Dispose();
}
