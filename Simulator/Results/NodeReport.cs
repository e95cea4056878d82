namespace DumboFL.Simulator;

/// <summary>One honest node at the end of a run.</summary>
public sealed record NodeReport(int Node, ulong EpochsCommitted, string ChainDigest, int CommittedEntries, int FaultsReported);
