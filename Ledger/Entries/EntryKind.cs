namespace DumboFL.Ledger.Entries;

/// <summary>What a ledger entry is. The numeric value is part of the canonical encoding: never renumber.</summary>
public enum EntryKind : byte
{
    ChunkCommit = 1,
    ModelUpdate = 2,
    Aggregate = 3,
    CrossShardTx = 4,
    Payload = 5,
    /// <summary>An output shard's record that it verified an input shard's locked legs (docs/CROSS_SHARD.md).</summary>
    LegsAccepted = 6,
    /// <summary>A shard's record that a cross-shard tx aborted, with the certificate of the leg that was invalid.</summary>
    CrossShardAbort = 7,
    /// <summary>A node's signed statement that it holds every chunk of one client's update of a round.</summary>
    UpdateHeld = 8,
}
