namespace DumboFL.Ledger.Validation;

/// <summary>The shard's validation limits. Every honest node of a shard uses the same rules (they come from the cluster file).</summary>
public sealed record LedgerRules
{
    public int MaxClientIdBytes { get; init; } = 64;

    public int MaxPayloadBytes { get; init; } = 64 * 1024;

    public uint MaxChunkBytes { get; init; } = 4 * 1024 * 1024;

    public uint MaxChunksPerUpdate { get; init; } = 1 << 16;

    public int MaxInputShards { get; init; } = 16;

    /// <summary>How many rounds behind the current one an entry may still be committed.</summary>
    public ulong RoundLag { get; init; } = 1;

    /// <summary>How many rounds ahead of the current one an entry may already be committed.</summary>
    public ulong RoundLead { get; init; } = 1;

    public static LedgerRules Default { get; } = new();
}
