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
    long Jumps)
{
    /// <summary>The cross-shard coordinator's counters (docs/CROSS_SHARD.md), or null in a single-shard cluster.</summary>
    public IReadOnlyDictionary<string, long>? CrossShard { get; init; }
}
