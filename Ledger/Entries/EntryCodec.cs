using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Entries;

/// <summary>Decodes canonical entry bytes; anything but an exact canonical encoding is refused with a reason.</summary>
public static class EntryCodec
{
    /// <summary>Hard decoding bounds, independent of the shard's (tighter) validation rules.</summary>
    public const int MaxClientIdBytes = 256;
    public const int MaxPayloadBytes = 16 << 20;
    public const int MaxInputShards = 1024;
    public const int MaxSignatureBytes = 256;

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out LedgerEntry? entry, out string error) =>
        CanonicalDecoding.TryDecode(Decode, bytes, out entry, out error);

    /// <summary>
    /// Decodes and keeps <paramref name="bytes"/> as the entry's encoding (shared, not copied), with <paramref name="id"/>
    /// as its id when the caller already hashed them: what the hot paths (applying a decided batch) use.
    /// </summary>
    public static bool TryDecode(byte[] bytes, Hash32? id, out LedgerEntry? entry) => TryDecode(bytes, id, out entry, out _);

    /// <inheritdoc cref="TryDecode(byte[], Hash32?, out LedgerEntry?)"/>
    public static bool TryDecode(byte[] bytes, Hash32? id, out LedgerEntry? entry, out string error)
    {
        if (!TryDecode(bytes, out entry, out error))
        {
            return false;
        }
        entry!.AdoptEncoding(bytes, id);
        return true;
    }

    public static LedgerEntry Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, LedgerEntry.DomainTag);
        LedgerEntry entry = (EntryKind)reader.ReadU8() switch
        {
            EntryKind.ChunkCommit => new ChunkCommit(reader.ReadU64(), reader.ReadString(MaxClientIdBytes), reader.ReadU32(), reader.ReadHash(), reader.ReadU32()),
            EntryKind.ModelUpdate => new ModelUpdate(reader.ReadU64(), reader.ReadString(MaxClientIdBytes), reader.ReadHash(), reader.ReadU32(), reader.ReadU64()),
            EntryKind.Aggregate => new Aggregate(reader.ReadU64(), reader.ReadU32(), reader.ReadHash(), reader.ReadU64()),
            EntryKind.CrossShardTx => ReadCrossShard(ref reader),
            EntryKind.Payload => new Payload(reader.ReadBytes(MaxPayloadBytes)),
            EntryKind.LegsAccepted => ReadLegsAccepted(ref reader),
            EntryKind.CrossShardAbort => ReadAbort(ref reader),
            EntryKind.UpdateHeld => ReadHeld(ref reader),
            var kind => throw new FormatException($"unknown entry kind {(byte)kind}"),
        };
        reader.End();
        return entry;
    }

    private static CrossShardTx ReadCrossShard(ref CanonicalReader reader)
    {
        var id = reader.ReadHash();
        var inputs = new uint[ReadCount(ref reader)];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = reader.ReadU32();
        }
        var valid = new bool[ReadCount(ref reader)];
        for (var i = 0; i < valid.Length; i++)
        {
            valid[i] = reader.ReadBool();
        }
        return new CrossShardTx(id, inputs, valid, reader.ReadU32(), reader.ReadBool(), reader.ReadBytes(MaxPayloadBytes));
    }

    private static UpdateHeld ReadHeld(ref CanonicalReader reader)
    {
        var round = reader.ReadU64();
        var client = reader.ReadString(MaxClientIdBytes);
        var root = reader.ReadHash();
        var shard = reader.ReadU32();
        var holder = reader.ReadU32();
        if (holder > int.MaxValue)
        {
            throw new FormatException($"holder index {holder}");
        }
        return new UpdateHeld(round, client, root, shard, (int)holder, reader.ReadBytes(MaxSignatureBytes));
    }

    private static LegsAccepted ReadLegsAccepted(ref CanonicalReader reader)
    {
        var shard = reader.ReadU32();
        var height = reader.ReadU64();
        var count = reader.ReadU32();
        if (count > LegsAccepted.MaxLegs || count > (uint)reader.Remaining / Hash32.Size)
        {
            throw new FormatException($"a list of {count} accepted legs");
        }
        var ids = new Hash32[count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = reader.ReadHash();
        }
        return new LegsAccepted(shard, height, ids, CertificateCodec.Read(ref reader));
    }

    private static CrossShardAbort ReadAbort(ref CanonicalReader reader)
    {
        var inner = reader.ReadBytes(MaxPayloadBytes + 4096);
        // Only a cross-shard tx may be nested (checked before decoding it, so an abort can never nest an abort).
        var txReader = new CanonicalReader(inner, LedgerEntry.DomainTag);
        if ((EntryKind)txReader.ReadU8() != EntryKind.CrossShardTx)
        {
            throw new FormatException("an abort names an entry that is not a cross-shard tx");
        }
        var tx = ReadCrossShard(ref txReader);
        txReader.End();
        return new CrossShardAbort(tx, reader.ReadU32(), CertificateCodec.Read(ref reader));
    }

    private static int ReadCount(ref CanonicalReader reader)
    {
        var count = reader.ReadU32();
        // Each element takes at least one byte: a count beyond what is left is malformed, checked before allocating.
        if (count > MaxInputShards || count > (uint)reader.Remaining)
        {
            throw new FormatException($"a list of {count} input shards");
        }
        return (int)count;
    }
}
