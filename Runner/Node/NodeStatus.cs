namespace DumboFL.Runner.Node;

/// <summary>A snapshot of the core's state, taken on the core thread.</summary>
public sealed record NodeStatus(
    ulong? Height,
    string? Head,
    ulong Epoch,
    bool EpochRunning,
    bool Syncing,
    int Pool,
    long CommittedEntries,
    long CommittedBlocks,
    long EpochsCommitted,
    IReadOnlyDictionary<string, long> Purged,
    IReadOnlyDictionary<string, long> Refused,
    IReadOnlyDictionary<string, long> Faults,
    long SyncedBlocks,
    long Jumps);
