using DumboFL.Core.Crypto;
using DumboFL.Core.Encoding;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// A quorum certificate's stored form: its canonical bytes (<see cref="QuorumCertificate.WriteTo"/>) under a
/// storage domain tag. Decoding is the exact inverse and refuses anything the writer cannot produce.
/// </summary>
public static class CertificateCodec
{
    public const string DomainTag = "dumbofl/qc/v1";

    /// <summary>8,192 bitmap bytes: signer indexes up to 65,535, far beyond any committee.</summary>
    public const int MaxBitmapBytes = 8192;

    public static byte[] Encode(QuorumCertificate certificate)
    {
        Check(certificate);
        var writer = new CanonicalWriter(DomainTag, certificate.EncodedSize + DomainTag.Length + 4);
        certificate.WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>A certificate the canonical form can carry: signers strictly ascending within the bitmap, one 64-byte signature each.</summary>
    public static void Check(QuorumCertificate certificate)
    {
        var signers = certificate.Signers;
        var signatures = certificate.Signatures;
        for (var i = 0; i < signers.Count; i++)
        {
            if (signers[i] < 0 || signers[i] >= MaxBitmapBytes * 8 || (i > 0 && signers[i] <= signers[i - 1]))
            {
                throw new ArgumentException($"signer {signers[i]} at position {i}: signers must be distinct, ascending and below {MaxBitmapBytes * 8}", nameof(certificate));
            }
            if (signatures[i].Length != NodeKey.SignatureSize)
            {
                throw new ArgumentException($"the signature of signer {signers[i]} has {signatures[i].Length} bytes, not {NodeKey.SignatureSize}", nameof(certificate));
            }
        }
    }

    /// <exception cref="FormatException">The bytes are not a canonical certificate.</exception>
    public static QuorumCertificate Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, DomainTag);
        var certificate = Read(ref reader);
        reader.End();
        return certificate;
    }

    /// <summary>Reads a certificate written by <see cref="QuorumCertificate.WriteTo"/> inside a larger canonical encoding.</summary>
    /// <exception cref="FormatException">The bytes are not a canonical certificate.</exception>
    public static QuorumCertificate Read(ref CanonicalReader reader)
    {
        var bitmap = reader.ReadBytes(MaxBitmapBytes);
        if (bitmap.Length > 0 && bitmap[^1] == 0)
        {
            throw new FormatException("a certificate bitmap ends with a zero byte");
        }
        var signers = new List<int>();
        var signatures = new List<byte[]>();
        for (var signer = 0; signer < bitmap.Length * 8; signer++)
        {
            if ((bitmap[signer / 8] & (1 << (signer % 8))) == 0)
            {
                continue;
            }
            var signature = reader.ReadBytes(NodeKey.SignatureSize);
            if (signature.Length != NodeKey.SignatureSize)
            {
                throw new FormatException($"the signature of signer {signer} has {signature.Length} bytes");
            }
            signers.Add(signer);
            signatures.Add(signature);
        }
        return new QuorumCertificate(signers, signatures);
    }
}
