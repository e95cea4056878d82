using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>The value agreed on by MVBA: PRBC proofs for at least n−f distinct proposers, in ascending proposer order.</summary>
public sealed class ProofVector
{
    private Hash32? _digest;

    public ProofVector(IReadOnlyList<PrbcProof> proofs) => Proofs = proofs;

    public IReadOnlyList<PrbcProof> Proofs { get; }

    public Hash32 Digest => _digest ??= ComputeDigest();

    private Hash32 ComputeDigest()
    {
        var writer = new CanonicalWriter("dumbofl/proof-vector/v1", 64 + (Proofs.Count * 256));
        writer.WriteU32((uint)Proofs.Count);
        foreach (var proof in Proofs)
        {
            writer.WriteI32(proof.Proposer).WriteHash(proof.Digest);
            proof.Certificate.WriteTo(writer);
        }
        return writer.Hash();
    }
}
