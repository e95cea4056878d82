using DumboFL.Core.Crypto;
using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Entries;

/// <summary>
/// A node's signed statement that it holds, verified against the committed chunk hashes, every chunk of one client's
/// update (docs/LEARNING.md, "Which updates a round aggregates"). An update held by f+1 nodes of the shard is held by at
/// least one honest node, which serves it, so every honest node can fetch it: only such updates are aggregated, and an
/// update its client committed but never served (withheld, or only ever served corrupted) cannot stall a round.
/// </summary>
public sealed record UpdateHeld(ulong Round, string Client, Hash32 UpdateRoot, uint Shard, int Holder, byte[] Signature) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.UpdateHeld;

    /// <summary>What <see cref="Signature"/> covers: bound to the cluster, the shard, the round, the client and the root.</summary>
    public static byte[] Statement(SigningDomain domain, ulong round, string client, Hash32 updateRoot) =>
        domain.Statement("dumbofl/fl-held/v1", round, 0).WriteString(client).WriteHash(updateRoot).ToArray();

    /// <summary>The statement signed by node <paramref name="holder"/> of the domain's shard.</summary>
    public static UpdateHeld Sign(SigningDomain domain, int holder, NodeKey key, ulong round, string client, Hash32 updateRoot) =>
        new(round, client, updateRoot, domain.Shard, holder, key.Sign(Statement(domain, round, client, updateRoot)));

    // Entries are equal when their canonical bytes are: the signature array would otherwise compare by reference.
    public bool Equals(UpdateHeld? other) => base.Equals(other);

    public override int GetHashCode() => base.GetHashCode();

    protected override void WriteFields(CanonicalWriter writer) =>
        writer.WriteU64(Round).WriteString(Client).WriteHash(UpdateRoot).WriteU32(Shard).WriteU32((uint)Holder).WriteBytes(Signature);
}
