namespace DumboFL.Simulator;

/// <summary>A progress report while a shard runs: how far the slowest honest node is.</summary>
public readonly record struct ShardProgress(int Shard, ulong EpochsCommitted, int TargetEpochs, long MessagesDelivered, double SimulatedTime);
