namespace DumboFL.Ledger.Entries;

/// <summary>What a ledger entry is. The numeric value is part of the canonical encoding: never renumber.</summary>
public enum EntryKind : byte
{
    ChunkCommit = 1,
    ModelUpdate = 2,
    Aggregate = 3,
    CrossShardTx = 4,
    Payload = 5,
}
