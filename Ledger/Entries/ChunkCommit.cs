using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Entries;

/// <summary>A client commits to one chunk of its model update for a round: the chunk's RFC 6962 leaf hash and size.</summary>
public sealed record ChunkCommit(ulong Round, string Client, uint ChunkIndex, Hash32 ChunkHash, uint Size) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.ChunkCommit;

    protected override void WriteFields(CanonicalWriter writer) =>
        writer.WriteU64(Round).WriteString(Client).WriteU32(ChunkIndex).WriteHash(ChunkHash).WriteU32(Size);
}
