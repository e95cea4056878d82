using DumboFL.Core.Encoding;

namespace DumboFL.Core.Crypto;

public enum CertificateError
{
    None,
    Malformed,
    DuplicateSigner,
    UnknownSigner,
    TooFewSigners,
    BadSignature,
}

/// <summary>
/// A quorum certificate: distinct signers (strictly ascending, carried on the wire as a bitmap) and one
/// signature each over the same canonical statement. The threshold (n−f or f+1) is the caller's: the
/// protocol step decides it, the certificate only proves who signed.
/// </summary>
public sealed class QuorumCertificate
{
    private readonly int[] _signers;
    private readonly byte[][] _signatures;

    public QuorumCertificate(IReadOnlyList<int> signers, IReadOnlyList<byte[]> signatures)
    {
        if (signers.Count != signatures.Count)
        {
            throw new ArgumentException("one signature per signer", nameof(signatures));
        }
        _signers = signers.ToArray();
        // Deep copy: a certificate, once built, cannot be changed through the arrays it was built from.
        _signatures = signatures.Select(s => s?.ToArray()!).ToArray();
    }

    /// <summary>Builds a certificate from (signer, signature) pairs in any order; the pairs must name distinct signers.</summary>
    public static QuorumCertificate FromVotes(IEnumerable<KeyValuePair<int, byte[]>> votes)
    {
        var sorted = votes.OrderBy(v => v.Key).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Key == sorted[i - 1].Key)
            {
                throw new ArgumentException($"signer {sorted[i].Key} appears twice", nameof(votes));
            }
        }
        return new QuorumCertificate(sorted.Select(v => v.Key).ToArray(), sorted.Select(v => v.Value).ToArray());
    }

    public IReadOnlyList<int> Signers => _signers;

    public IReadOnlyList<ReadOnlyMemory<byte>> Signatures => _signatures.Select(s => (ReadOnlyMemory<byte>)s).ToArray();

    public int Count => _signers.Length;

    /// <summary>Checks structure first (cheap), then every signature. Returns the first problem found.</summary>
    public CertificateError Verify(Committee committee, ReadOnlySpan<byte> statement, int threshold)
    {
        var structural = CheckStructure(committee, threshold);
        if (structural != CertificateError.None)
        {
            return structural;
        }
        for (var i = 0; i < _signers.Length; i++)
        {
            if (!committee.Verify(_signers[i], statement, _signatures[i]))
            {
                return CertificateError.BadSignature;
            }
        }
        return CertificateError.None;
    }

    public CertificateError CheckStructure(Committee committee, int threshold) => CheckStructure(committee.Contains, threshold);

    /// <summary>
    /// The structural checks alone, for a reader that does not know the committee (e.g. re-checking a stored
    /// ledger): well-formed signatures, distinct signers in ascending order, at least <paramref name="threshold"/>.
    /// </summary>
    public CertificateError CheckStructure(int threshold) => CheckStructure(static _ => true, threshold);

    private CertificateError CheckStructure(Func<int, bool> isMember, int threshold)
    {
        if (_signatures.Any(s => s is null || s.Length != NodeKey.SignatureSize))
        {
            return CertificateError.Malformed;
        }
        for (var i = 0; i < _signers.Length; i++)
        {
            if (!isMember(_signers[i]) || _signers[i] < 0)
            {
                return CertificateError.UnknownSigner;
            }
            if (i > 0 && _signers[i] <= _signers[i - 1])
            {
                return _signers[i] == _signers[i - 1] ? CertificateError.DuplicateSigner : CertificateError.Malformed;
            }
        }
        return _signers.Length < threshold ? CertificateError.TooFewSigners : CertificateError.None;
    }

    /// <summary>Canonical form: u32 bitmap length, bitmap (bit i of byte i/8 = signer i), then the signatures in signer order.</summary>
    public void WriteTo(CanonicalWriter writer)
    {
        var width = _signers.Length == 0 ? 0 : (_signers.Max() / 8) + 1;
        var bitmap = new byte[width];
        foreach (var s in _signers)
        {
            bitmap[s / 8] |= (byte)(1 << (s % 8));
        }
        writer.WriteBytes(bitmap);
        foreach (var signature in _signatures)
        {
            writer.WriteBytes(signature);
        }
    }

    /// <summary>Size of the canonical form written by <see cref="WriteTo"/>.</summary>
    public int EncodedSize => 4 + (_signers.Length == 0 ? 0 : (_signers.Max() / 8) + 1) + (_signatures.Length * (4 + NodeKey.SignatureSize));
}
