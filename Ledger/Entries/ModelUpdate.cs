using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Entries;

/// <summary>A client's model update for a round: the Merkle root over its chunk hashes, how many chunks, and its sample count (FedAvg weight).</summary>
public sealed record ModelUpdate(ulong Round, string Client, Hash32 UpdateRoot, uint ChunkCount, ulong SampleCount) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.ModelUpdate;

    protected override void WriteFields(CanonicalWriter writer) =>
        writer.WriteU64(Round).WriteString(Client).WriteHash(UpdateRoot).WriteU32(ChunkCount).WriteU64(SampleCount);
}
