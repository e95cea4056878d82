using DumboFL.Core.Crypto;
using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Entries;

/// <summary>
/// An output shard's record that legs locked by one block of an input shard were verified (the block's certificate
/// and each leg's inclusion proof) by <c>n−f</c> of its own nodes: <see cref="Sign"/> is their SIGN certificate over
/// <c>(output shard, input shard, height, digest of the leg ids)</c> (docs/CROSS_SHARD.md). Committed, it records the
/// legs as accepted; a second copy for the same input block (another node's certificate) is a duplicate.
/// </summary>
public sealed record LegsAccepted(uint InputShard, ulong Height, IReadOnlyList<Hash32> LegIds, QuorumCertificate Sign) : LedgerEntry
{
    /// <summary>Legs one entry may carry; a block with more towards one shard is accepted in several entries' worth of SIGN rounds.</summary>
    public const int MaxLegs = 1 << 16;

    public override EntryKind Kind => EntryKind.LegsAccepted;

    /// <summary>What the SIGN signatures cover: the leg ids in the order the entry lists them.</summary>
    public Hash32 LegsDigest => DigestOf(LegIds);

    public static Hash32 DigestOf(IReadOnlyList<Hash32> legIds)
    {
        var writer = new CanonicalWriter("dumbofl/xs-legs/v1").WriteU32((uint)legIds.Count);
        foreach (var id in legIds)
        {
            writer.WriteHash(id);
        }
        return Hash32.Of(writer.ToArray());
    }

    // Entries are equal when their canonical bytes are: the list and certificate would otherwise compare by reference.
    public bool Equals(LegsAccepted? other) => base.Equals(other);

    public override int GetHashCode() => base.GetHashCode();

    protected override void WriteFields(CanonicalWriter writer)
    {
        writer.WriteU32(InputShard).WriteU64(Height).WriteU32((uint)LegIds.Count);
        foreach (var id in LegIds)
        {
            writer.WriteHash(id);
        }
        CertificateCodec.Check(Sign);
        Sign.WriteTo(writer);
    }
}
