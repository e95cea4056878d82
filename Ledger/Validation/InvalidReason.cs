namespace DumboFL.Ledger.Validation;

/// <summary>Why an entry is refused or purged. Counted per reason in metrics and simulator output.</summary>
public enum InvalidReason
{
    Malformed,
    UnknownClient,
    StaleRound,
    FutureRound,
    Duplicate,
    ChunkIndexOutOfRange,
    TooLarge,
    /// <summary>A cross-shard leg on this shard is marked invalid: the tx aborts (intra-shard: it is simply purged).</summary>
    InvalidLeg,
    /// <summary>The entry does not concern this shard (a cross-shard tx with no leg here, another shard's aggregate).</summary>
    WrongShard,
}
