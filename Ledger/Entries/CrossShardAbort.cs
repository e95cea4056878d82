using DumboFL.Core.Crypto;
using DumboFL.Core.Encoding;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Entries;

/// <summary>
/// A shard's record that <see cref="Tx"/> aborted: <see cref="InvalidShard"/>, one of its input shards, found its leg
/// invalid, and <see cref="Clear"/> is that shard's CL certificate (<c>n−f</c> CL_M signatures over the tx's leg id).
/// Every shard of the tx commits one. On an input shard that had locked its leg it is the compensating entry: the
/// ledger shows the release (docs/CROSS_SHARD.md).
/// </summary>
public sealed record CrossShardAbort(CrossShardTx Tx, uint InvalidShard, QuorumCertificate Clear) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.CrossShardAbort;

    // Entries are equal when their canonical bytes are.
    public bool Equals(CrossShardAbort? other) => base.Equals(other);

    public override int GetHashCode() => base.GetHashCode();

    protected override void WriteFields(CanonicalWriter writer)
    {
        writer.WriteBytes(Tx.Encode()).WriteU32(InvalidShard);
        CertificateCodec.Check(Clear);
        Clear.WriteTo(writer);
    }
}
