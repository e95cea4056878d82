using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Entries;

/// <summary>
/// An entry of a shard's ledger. Its canonical encoding (domain tag, kind, fields) is what consensus
/// orders, what a Merkle leaf holds, and what its <see cref="Id"/> hashes.
/// </summary>
public abstract record LedgerEntry
{
    public const string DomainTag = "dumbofl/entry/v1";

    private byte[]? _encoded;
    private Hash32? _id;

    protected LedgerEntry()
    {
    }

    // A `with` copy must not inherit the cached encoding and id of the entry it was copied from.
    protected LedgerEntry(LedgerEntry original)
    {
    }

    public abstract EntryKind Kind { get; }

    /// <summary>SHA-256 of the canonical encoding.</summary>
    public Hash32 Id => _id ??= Hash32.Of(Encode());

    /// <summary>The Merkle group of the entry inside a block: its kind, and for cross-shard entries the output shard.</summary>
    public virtual EntryGroup Group => new(Kind, 0);

    public byte[] Encode()
    {
        if (_encoded is null)
        {
            var writer = new CanonicalWriter(DomainTag);
            writer.WriteU8((byte)Kind);
            WriteFields(writer);
            _encoded = writer.ToArray();
        }
        return _encoded;
    }

    protected abstract void WriteFields(CanonicalWriter writer);

    /// <summary>
    /// Takes <paramref name="canonical"/> (the bytes this entry was just decoded from, which decoding proved canonical)
    /// as its encoding, and <paramref name="id"/> (their SHA-256, when the caller already has it) as its id: neither is
    /// computed again. The array is shared, not copied: callers hand over bytes nobody writes to.
    /// </summary>
    internal void AdoptEncoding(byte[] canonical, Hash32? id)
    {
        _encoded = canonical;
        _id = id;
    }

    // Records compare by value; the caches must not take part.
    public virtual bool Equals(LedgerEntry? other) => other is not null && other.Id == Id;

    public override int GetHashCode() => Id.GetHashCode();
}
