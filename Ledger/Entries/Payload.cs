using DumboFL.Core.Encoding;

namespace DumboFL.Ledger.Entries;

/// <summary>Opaque bytes, for load tests and applications that bring their own meaning.</summary>
public sealed record Payload(byte[] Data) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.Payload;

    protected override void WriteFields(CanonicalWriter writer) => writer.WriteBytes(Data);
}
