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
    /// <summary>The cross-shard tx was aborted (a CL certificate is committed here).</summary>
    Aborted,
    /// <summary>An output leg before every input leg is accepted here, or an abort of a tx whose output is committed.</summary>
    NotCertified,
    /// <summary>A cross-shard certificate (SIGN or CL) that does not verify against the shard map's committee.</summary>
    BadCertificate,
}
