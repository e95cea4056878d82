using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Entries;

/// <summary>A shard's aggregated model for a round: its hash and total weight (samples).</summary>
public sealed record Aggregate(ulong Round, uint Shard, Hash32 ModelHash, ulong Weight) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.Aggregate;

    protected override void WriteFields(CanonicalWriter writer) =>
        writer.WriteU64(Round).WriteU32(Shard).WriteHash(ModelHash).WriteU64(Weight);
}
