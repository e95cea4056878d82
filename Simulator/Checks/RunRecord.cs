namespace DumboFL.Simulator;

/// <summary>What the checker needs from a finished run.</summary>
public sealed record RunRecord(
    IReadOnlyList<HonestActor> Honest,
    ShardLoad Load,
    IReadOnlyCollection<byte[]> SubmittedToHonest,
    long MaxStartedEpoch,
    int MinimumEpochs,
    string? Stopped);
