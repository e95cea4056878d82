using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

// Multi-valued validated agreement (MVBA), Cachin–Kursawe–Petzold–Shoup style: every node consistently
// broadcasts (CBC) its proposal, a gather exchange fixes a common core of certified proposals, a coin
// elects a permutation, and binary agreements decide candidates in that order.

/// <summary>What a PRBC delivery proof says: f+1 nodes signed DONE(epoch, proposer, digest).</summary>
public sealed record PrbcProof(int Proposer, Hash32 Digest, QuorumCertificate Certificate);

/// <summary>CBC SEND: the origin's MVBA proposal, a vector of PRBC proofs.</summary>
public sealed record CbcSend(ulong Epoch, ProofVector Value) : ConsensusMessage(Epoch);

/// <summary>CBC ECHO: a signature over CBC(epoch, origin, digest), sent back to the origin only.</summary>
public sealed record CbcEcho(ulong Epoch, int Origin, Hash32 Digest, byte[] Signature) : ConsensusMessage(Epoch);

/// <summary>A CBC certificate: an echo quorum signed CBC(epoch, origin, digest). Transferable: anyone may forward it.</summary>
public sealed record CbcCertificate(int Origin, Hash32 Digest, QuorumCertificate Certificate);

/// <summary>CBC FINAL: the origin's certificate, broadcast by the origin.</summary>
public sealed record CbcFinal(ulong Epoch, CbcCertificate Certificate) : ConsensusMessage(Epoch);

/// <summary>Gather rounds 2 and 3: the certificates the sender holds.</summary>
public sealed record GatherSet(ulong Epoch, int Phase, IReadOnlyList<CbcCertificate> Certificates) : ConsensusMessage(Epoch);

/// <summary>After a candidate was decided 1, asks for its certificate and value.</summary>
public sealed record MvbaFetch(ulong Epoch, int Candidate) : ConsensusMessage(Epoch);

public sealed record MvbaFetchReply(ulong Epoch, int Candidate, CbcCertificate? Certificate, ProofVector? Value) : ConsensusMessage(Epoch);

public enum CoinPurpose : byte
{
    /// <summary>The MVBA's candidate permutation.</summary>
    Permutation = 1,
    /// <summary>One round of one binary agreement.</summary>
    Agreement = 2,
}

/// <summary>Which coin of an epoch: the permutation coin, or the coin of ABA <see cref="Iteration"/> round <see cref="Round"/>.</summary>
public readonly record struct CoinSlot(CoinPurpose Purpose, int Iteration, int Round)
{
    /// <summary>
    /// The public, fixed value of an agreement coin that needs no shares (round 0 of every ABA, whose coin
    /// is 1), or null for a threshold coin. Everyone, the adversary included, knows it in advance.
    /// </summary>
    public static bool? FixedAgreementCoin(int round) => round == 0 ? true : null;
}

public sealed record CoinShareMessage(ulong Epoch, CoinSlot Slot, CoinShare Share) : ConsensusMessage(Epoch);
