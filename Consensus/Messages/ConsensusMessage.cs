namespace DumboFL.Consensus;

/// <summary>
/// Every consensus message names its epoch; sub-protocol messages add their instance (proposer,
/// iteration, round). Records of one sub-protocol live together in one file.
/// </summary>
public abstract record ConsensusMessage(ulong Epoch);
