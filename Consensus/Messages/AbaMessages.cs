namespace DumboFL.Consensus;

// Binary agreement of Mostéfaoui, Moumen and Raynal with the CONF phase. One ABA runs per MVBA iteration.

public sealed record AbaBval(ulong Epoch, int Iteration, int Round, bool Value) : ConsensusMessage(Epoch);

public sealed record AbaAux(ulong Epoch, int Iteration, int Round, bool Value) : ConsensusMessage(Epoch);

public sealed record AbaConf(ulong Epoch, int Iteration, int Round, BinSet Values) : ConsensusMessage(Epoch);

/// <summary>The sender decided <see cref="Value"/>; stands in for its BVAL, AUX and CONF in every later round.</summary>
public sealed record AbaTerm(ulong Epoch, int Iteration, bool Value) : ConsensusMessage(Epoch);
