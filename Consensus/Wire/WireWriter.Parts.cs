using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;

namespace DumboFL.Consensus.Wire;

// The composite parts of messages. Each mirrors a reader in WireReader.Parts.cs.
internal ref partial struct WireWriter
{
    /// <summary>u32 count, then each item as length-prefixed bytes (the layout the batch digest hashes).</summary>
    public void WriteBatch(Batch batch)
    {
        var items = (batch ?? throw new ArgumentException("a message without its batch")).Items;
        WriteU32((uint)items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            WriteBytes(items[i] ?? throw new ArgumentException($"batch item {i} is null"));
        }
    }

    /// <summary>
    /// <see cref="QuorumCertificate.WriteTo"/>'s layout, written straight into the buffer: u32 bitmap length,
    /// bitmap (bit i of byte i/8 = signer i, no trailing zero byte), then one length-prefixed signature per
    /// signer in ascending order. A bitmap cannot say in which order signatures came, so signers must ascend.
    /// </summary>
    public void WriteCertificate(QuorumCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var signers = certificate.Signers;
        for (var i = 0; i < signers.Count; i++)
        {
            if (signers[i] < 0 || (i > 0 && signers[i] <= signers[i - 1]))
            {
                throw new ArgumentException($"certificate signer {signers[i]} at position {i}: signers must be distinct, ascending and non-negative");
            }
        }
        var width = signers.Count == 0 ? 0 : (signers[^1] / 8) + 1;
        WriteU32((uint)width);
        var bitmap = Reserve(width);
        if (!_measuring)
        {
            bitmap.Clear();
            foreach (var signer in signers)
            {
                bitmap[signer / 8] |= (byte)(1 << (signer % 8));
            }
        }
        foreach (var signature in certificate.Signatures)
        {
            WriteBytes(signature.Span);
        }
    }

    public void WriteProofVector(ProofVector vector)
    {
        var proofs = (vector ?? throw new ArgumentException("a message without its proof vector")).Proofs;
        WriteU32((uint)proofs.Count);
        foreach (var proof in proofs)
        {
            ArgumentNullException.ThrowIfNull(proof);
            WriteI32(proof.Proposer);
            WriteHash(proof.Digest);
            WriteCertificate(proof.Certificate);
        }
    }

    public void WriteCbcCertificate(CbcCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        WriteI32(certificate.Origin);
        WriteHash(certificate.Digest);
        WriteCertificate(certificate.Certificate);
    }

    public void WriteCoinSlot(CoinSlot slot)
    {
        WriteU8((byte)slot.Purpose);
        WriteI32(slot.Iteration);
        WriteI32(slot.Round);
    }

    public void WriteCoinShare(CoinShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        WriteI32(share.Signer);
        WriteBytes(share.Point);
        WriteBytes(share.Challenge);
        WriteBytes(share.Response);
    }
}
