using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Storage;

public sealed partial class SqliteLedgerStore
{
    private const string EntryColumns = "height, position, id, group_index, index_in_group, bytes";

    public BlockHeader? GetHeader(ulong height) => Read(() => height > long.MaxValue ? null : GetHeaderUnlocked(height));

    public Block? GetBlock(ulong height) => Read(() =>
    {
        if (height > long.MaxValue)
        {
            return null;
        }
        var select = Command("SELECT hash, header, certificate FROM blocks WHERE height = $height");
        select.Parameters.AddWithValue("$height", (long)height);
        BlockHeader header;
        Core.Crypto.QuorumCertificate? certificate = null;
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }
            header = DecodeHeader(height, reader);
            if (!reader.IsDBNull(2))
            {
                try
                {
                    certificate = CertificateCodec.Decode(reader.GetFieldValue<byte[]>(2));
                }
                catch (FormatException e)
                {
                    throw new LedgerCorruptException(height, $"certificate does not decode: {e.Message}", e);
                }
            }
        }

        var entries = new List<LedgerEntry>(header.EntryCount);
        var rows = Command($"SELECT {EntryColumns} FROM entries WHERE height = $height ORDER BY position");
        rows.Parameters.AddWithValue("$height", (long)height);
        using (var reader = rows.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetInt64(1) != entries.Count)
                {
                    throw new LedgerCorruptException(height, $"entry {entries.Count} is missing");
                }
                entries.Add(DecodeEntry(reader).Entry);
            }
        }
        if (entries.Count != header.EntryCount)
        {
            throw new LedgerCorruptException(height, $"{entries.Count} entries stored, the header says {header.EntryCount}");
        }
        return new Block(header, entries, certificate);
    });

    public EntryLocation? FindEntry(Hash32 entryId) => Read(() =>
    {
        var select = Command($"SELECT {EntryColumns} FROM entries WHERE id_key = $key AND id = $id");
        select.Parameters.AddWithValue("$key", IdKey(entryId));
        select.Parameters.AddWithValue("$id", entryId.ToArray());
        using var reader = select.ExecuteReader();
        return reader.Read() ? DecodeEntry(reader) : null;
    });

    public bool ContainsEntry(Hash32 entryId) => Read(() =>
    {
        var select = Command("SELECT 1 FROM entries WHERE id_key = $key AND id = $id");
        select.Parameters.AddWithValue("$key", IdKey(entryId));
        select.Parameters.AddWithValue("$id", entryId.ToArray());
        return select.ExecuteScalar() is not null;
    });

    public void ForEachEntryId(Action<Hash32> visit) => Read(() =>
    {
        var select = Command("SELECT id FROM entries");
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(0);
            if (bytes.Length != Hash32.Size)
            {
                throw new LedgerCorruptException(null, $"{Path}: an entry id is {bytes.Length} bytes, not {Hash32.Size}");
            }
            visit(new Hash32(bytes));
        }
        return true;
    });

    public IReadOnlyList<LedgerEntry> FindByRoundClient(ulong round, string client) => Read<IReadOnlyList<LedgerEntry>>(() =>
    {
        var select = Command($"SELECT {EntryColumns} FROM entries WHERE round = $round AND client = $client ORDER BY height, position");
        select.Parameters.AddWithValue("$round", unchecked((long)round));
        select.Parameters.AddWithValue("$client", client);
        using var reader = select.ExecuteReader();
        var entries = new List<LedgerEntry>();
        while (reader.Read())
        {
            entries.Add(DecodeEntry(reader).Entry);
        }
        return entries;
    });

    /// <summary>One read under the store's lock; SQLite's own corruption reports become <see cref="LedgerCorruptException"/>.</summary>
    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            try
            {
                return read();
            }
            catch (SqliteException e) when (IsCorruption(e))
            {
                throw new LedgerCorruptException(null, $"{Path}: {e.Message}", e);
            }
        }
    }

    /// <summary>The tip from the applied-height row, cross-checked against the stored blocks.</summary>
    private ChainTip? LoadTip()
    {
        var applied = ExecuteScalar("SELECT height FROM applied WHERE id = 0") as long?;
        var latest = ExecuteScalar("SELECT MAX(height) FROM blocks") as long?;
        if (applied is null && latest is null)
        {
            return null;
        }
        if (applied != latest || applied < 0)
        {
            throw new LedgerCorruptException(null, $"{Path}: applied height {applied?.ToString() ?? "none"} but the latest stored block is {latest?.ToString() ?? "none"}");
        }
        var header = GetHeaderUnlocked((ulong)applied!.Value)
            ?? throw new LedgerCorruptException((ulong)applied.Value, "the latest block vanished");
        return ChainTip.Of(header);
    }

    private BlockHeader? GetHeaderUnlocked(ulong height)
    {
        var select = Command("SELECT hash, header FROM blocks WHERE height = $height");
        select.Parameters.AddWithValue("$height", (long)height);
        using var reader = select.ExecuteReader();
        return reader.Read() ? DecodeHeader(height, reader) : null;
    }

    /// <summary>Columns 0 and 1 are the stored hash and header bytes; the decoded header must hash to the one and sit at <paramref name="height"/>.</summary>
    private static BlockHeader DecodeHeader(ulong height, SqliteDataReader reader)
    {
        BlockHeader header;
        try
        {
            header = BlockHeader.Decode(reader.GetFieldValue<byte[]>(1));
        }
        catch (FormatException e)
        {
            throw new LedgerCorruptException(height, $"header does not decode: {e.Message}", e);
        }
        if (header.Height != height)
        {
            throw new LedgerCorruptException(height, $"the stored header says height {header.Height}");
        }
        if (ReadHash(reader, 0, height) != header.Hash)
        {
            throw new LedgerCorruptException(height, "the stored header does not hash to its recorded hash");
        }
        return header;
    }

    /// <summary>Decodes a row of <see cref="EntryColumns"/>; the entry must hash to its stored id.</summary>
    private static EntryLocation DecodeEntry(SqliteDataReader reader)
    {
        var height = (ulong)reader.GetInt64(0);
        var position = reader.GetInt64(1);
        LedgerEntry entry;
        try
        {
            entry = EntryCodec.Decode(reader.GetFieldValue<byte[]>(5));
        }
        catch (FormatException e)
        {
            throw new LedgerCorruptException(height, $"entry {position} does not decode: {e.Message}", e);
        }
        if (entry.Id != ReadHash(reader, 2, height))
        {
            throw new LedgerCorruptException(height, $"entry {position} does not hash to its stored id");
        }
        return new EntryLocation(height, entry.Group, reader.GetInt32(3), reader.GetInt32(4), entry);
    }

    private static Hash32 ReadHash(SqliteDataReader reader, int ordinal, ulong height)
    {
        var bytes = reader.GetFieldValue<byte[]>(ordinal);
        return bytes.Length == Hash32.Size ? new Hash32(bytes) : throw new LedgerCorruptException(height, $"a stored hash has {bytes.Length} bytes");
    }
}
