using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

// Provable reliable broadcast (PRBC) of one proposer's batch: Bracha's VAL/ECHO/READY on the batch digest,
// then DONE signatures whose f+1 quorum proves that an honest node delivered (Dumbo-2, §PRBC).

/// <summary>VAL: the proposer's batch, sent by the proposer to every node.</summary>
public sealed record PrbcValue(ulong Epoch, int Proposer, Batch Batch) : ConsensusMessage(Epoch);

public sealed record PrbcEcho(ulong Epoch, int Proposer, Hash32 Digest) : ConsensusMessage(Epoch);

public sealed record PrbcReady(ulong Epoch, int Proposer, Hash32 Digest) : ConsensusMessage(Epoch);

/// <summary>Asks a node that echoed <see cref="Digest"/> for the batch (sent when READY quorum came but VAL did not).</summary>
public sealed record PrbcValueRequest(ulong Epoch, int Proposer, Hash32 Digest) : ConsensusMessage(Epoch);

public sealed record PrbcValueReply(ulong Epoch, int Proposer, Batch Batch) : ConsensusMessage(Epoch);

/// <summary>DONE: the sender delivered <see cref="Digest"/> from <see cref="Proposer"/>; signature over the DONE statement.</summary>
public sealed record PrbcDone(ulong Epoch, int Proposer, Hash32 Digest, byte[] Signature) : ConsensusMessage(Epoch);
