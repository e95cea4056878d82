using DumboFL.Core.Encoding;

namespace DumboFL.Ledger.Entries;

/// <summary>Opaque bytes, for load tests and applications that bring their own meaning.</summary>
public sealed record Payload(byte[] Data) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.Payload;

    // Entries are equal when their canonical bytes are: the array and list fields would otherwise compare by reference.
    public bool Equals(Payload? other) => base.Equals(other);

    public override int GetHashCode() => base.GetHashCode();

    protected override void WriteFields(CanonicalWriter writer) => writer.WriteBytes(Data);
}
