using System.Numerics;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Wire;

// The composite parts of messages, the inverses of WireWriter.Parts.cs.
internal ref partial struct WireReader
{
    // Smallest encodings, for ReadCount's "could these elements fit" check.
    private const int MinItemBytes = sizeof(uint);
    private const int MinCertifiedDigestBytes = sizeof(int) + Hash32.Size + sizeof(uint);

    /// <summary>Each item is copied exactly once, out of the input into its own array; ids and digest are computed here, on the decoding thread.</summary>
    public Batch ReadBatch()
    {
        var count = ReadCount(_limits.MaxBatchItems, MinItemBytes, "batch");
        var items = new byte[count][];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadBytes(_limits.MaxItemBytes, "batch item").ToArray();
        }
        return new Batch(items).Prepared();
    }

    /// <summary>
    /// The certificate's canonical form and nothing else: a bitmap no wider than the committee, without a
    /// trailing zero byte and without bits for indexes ≥ n, then a 64-byte signature per set bit.
    /// </summary>
    public QuorumCertificate ReadCertificate()
    {
        var bitmap = ReadBytes((_limits.N + 7) / 8, "certificate bitmap");
        if (!bitmap.IsEmpty && bitmap[^1] == 0)
        {
            throw new FormatException("certificate bitmap ends with a zero byte");
        }
        var count = 0;
        foreach (var b in bitmap)
        {
            count += BitOperations.PopCount(b);
        }
        var signers = new int[count];
        var signatures = new byte[count][];
        var next = 0;
        for (var signer = 0; signer < bitmap.Length * 8; signer++)
        {
            if ((bitmap[signer / 8] & (1 << (signer % 8))) == 0)
            {
                continue;
            }
            if (signer >= _limits.N)
            {
                throw new FormatException($"certificate signer {signer} is not a node index (n = {_limits.N})");
            }
            signers[next] = signer;
            signatures[next] = ReadFixed(NodeKey.SignatureSize, $"signature of signer {signer}");
            next++;
        }
        return new QuorumCertificate(signers, signatures);
    }

    public ProofVector ReadProofVector()
    {
        // At most one proof per proposer; whether they are distinct and ascending is external validity's call.
        var count = ReadCount(_limits.N, MinCertifiedDigestBytes, "proof vector");
        var proofs = new PrbcProof[count];
        for (var i = 0; i < proofs.Length; i++)
        {
            proofs[i] = new PrbcProof(ReadIndex("proof proposer"), ReadHash(), ReadCertificate());
        }
        return new ProofVector(proofs);
    }

    public CbcCertificate ReadCbcCertificate() => new(ReadIndex("CBC origin"), ReadHash(), ReadCertificate());

    public IReadOnlyList<CbcCertificate> ReadCbcCertificates()
    {
        // A gather set holds at most one certificate per origin.
        var count = ReadCount(_limits.N, MinCertifiedDigestBytes, "gather set");
        var certificates = new CbcCertificate[count];
        for (var i = 0; i < certificates.Length; i++)
        {
            certificates[i] = ReadCbcCertificate();
        }
        return certificates;
    }

    public int ReadIteration() => ReadIndex("ABA iteration");

    public int ReadRound() => ReadNonNegative("ABA round");

    /// <summary>The permutation coin is slot (Permutation, 0, 0); an agreement coin names an iteration (one per candidate) and a round.</summary>
    public CoinSlot ReadCoinSlot()
    {
        var purpose = ReadU8();
        switch ((CoinPurpose)purpose)
        {
            case CoinPurpose.Permutation:
                var iteration = ReadI32();
                var round = ReadI32();
                return iteration == 0 && round == 0
                    ? new CoinSlot(CoinPurpose.Permutation, 0, 0)
                    : throw new FormatException($"the permutation coin has no iteration or round, got ({iteration}, {round})");
            case CoinPurpose.Agreement:
                return new CoinSlot(CoinPurpose.Agreement, ReadIteration(), ReadRound());
            default:
                throw new FormatException($"coin purpose {purpose} is unknown");
        }
    }

    /// <summary>Field sizes are checked here; whether the point is on the curve and the proof holds is ThresholdCoin.VerifyShare's.</summary>
    public CoinShare ReadCoinShare() => new(
        ReadIndex("coin share signer"),
        ReadFixed(CoinShare.PointSize, "coin share point"),
        ReadFixed(CoinShare.ScalarSize, "coin share challenge"),
        ReadFixed(CoinShare.ScalarSize, "coin share response"));

    public byte[] ReadSignature() => ReadFixed(NodeKey.SignatureSize, "signature");

    public BinSet ReadBinSet()
    {
        var set = new BinSet(ReadU8());
        return set.IsValid ? set : throw new FormatException($"bin set {set.Bits} is not a subset of {{0, 1}}");
    }
}
