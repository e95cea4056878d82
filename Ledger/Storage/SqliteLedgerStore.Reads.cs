using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;
using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Storage;

public sealed partial class SqliteLedgerStore
{
    public BlockHeader? GetHeader(ulong height) => Read(() => height > long.MaxValue ? null : GetHeaderUnlocked(height));

    public Block? GetBlock(ulong height) => Read(() =>
    {
        if (height > long.MaxValue)
        {
            return null;
        }
        var select = Command("SELECT hash, header, certificate, body, body_digest FROM blocks WHERE height = $height");
        select.Parameters.AddWithValue("$height", (long)height);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var header = DecodeHeader(height, reader);
        Core.Crypto.QuorumCertificate? certificate = null;
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
        var (body, digest) = ReadBody(height, reader, 3);
        var block = new Block(header, BlockBody.Decode(height, body, digest, header.EntryCount), certificate);
        try
        {
            BlockLayout.Of(block);
        }
        catch (ArgumentException e)
        {
            throw new LedgerCorruptException(height, $"the stored entries do not match the header: {e.Message}", e);
        }
        return block;
    });

    public EntryLocation? FindEntry(Hash32 entryId) => Read(() =>
    {
        if (_index.Find(entryId) is not { } record)
        {
            return null;
        }
        var height = record.Height;
        var select = Command("SELECT hash, header, body, body_digest FROM blocks WHERE height = $height");
        select.Parameters.AddWithValue("$height", ToKey(height));
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            throw new LedgerCorruptException(height, $"entry {entryId} is indexed at a block that is not stored");
        }
        var header = DecodeHeader(height, reader);
        var (body, digest) = ReadBody(height, reader, 2);
        var entry = BlockBody.EntryAt(height, body, digest, record.Position);
        if (entry.Id != entryId)
        {
            throw new LedgerCorruptException(height, $"the id index points entry {entryId} at position {record.Position}, which holds {entry.Id}");
        }
        var first = 0;
        for (var g = 0; g < header.GroupRoots.Count; g++)
        {
            var group = header.GroupRoots[g];
            if (record.Position < first + group.Count)
            {
                return new EntryLocation(height, entry.Group, g, record.Position - first, entry);
            }
            first += group.Count;
        }
        throw new LedgerCorruptException(height, $"position {record.Position} is past the header's groups");
    });

    public bool ContainsEntry(Hash32 entryId) => Read(() => _index.Contains(entryId));

    public void ForEachEntryId(Action<Hash32> visit) => Read(() =>
    {
        _index.ForEachId(visit);
        return true;
    });

    public CrossShardState FindCrossShard(Hash32 legId) => Read(() =>
    {
        var key = legId.ToArray();
        var accepted = new List<uint>();
        var legs = Command("SELECT input_shard FROM xs_accepted_legs WHERE leg_id = $leg");
        legs.Parameters.AddWithValue("$leg", key);
        using (var reader = legs.ExecuteReader())
        {
            while (reader.Read())
            {
                accepted.Add((uint)reader.GetInt64(0));
            }
        }
        var abort = Command("SELECT height FROM xs_aborts WHERE leg_id = $leg");
        abort.Parameters.AddWithValue("$leg", key);
        var aborted = abort.ExecuteScalar() is not null;
        return accepted.Count == 0 && !aborted ? CrossShardState.None : new CrossShardState(accepted, aborted);
    });

    public IReadOnlyList<(string Key, byte[] Value)> LoadCrossShardPending() => Read<IReadOnlyList<(string, byte[])>>(() =>
    {
        using var reader = Command("SELECT key, value FROM xs_pending ORDER BY key").ExecuteReader();
        var rows = new List<(string, byte[])>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }
        return rows;
    });

    public bool IsAccepted(uint inputShard, ulong height) => Read(() =>
    {
        var select = Command("SELECT 1 FROM xs_accepted_blocks WHERE input_shard = $shard AND height = $height");
        select.Parameters.AddWithValue("$shard", inputShard);
        select.Parameters.AddWithValue("$height", ToKey(height));
        return select.ExecuteScalar() is not null;
    });

    public IReadOnlyList<LedgerEntry> FindByRoundClient(ulong round, string client) => Read<IReadOnlyList<LedgerEntry>>(() =>
    {
        var select = Command("SELECT height, position, bytes FROM round_entries WHERE round = $round AND client = $client ORDER BY height, position");
        select.Parameters.AddWithValue("$round", unchecked((long)round));
        select.Parameters.AddWithValue("$client", client);
        using var reader = select.ExecuteReader();
        var entries = new List<LedgerEntry>();
        while (reader.Read())
        {
            var height = (ulong)reader.GetInt64(0);
            try
            {
                entries.Add(EntryCodec.Decode(reader.GetFieldValue<byte[]>(2)));
            }
            catch (FormatException e)
            {
                throw new LedgerCorruptException(height, $"entry {reader.GetInt64(1)} of round {round}, client {client} does not decode: {e.Message}", e);
            }
        }
        return entries;
    });

    private static (byte[] Body, Hash32 Digest) ReadBody(ulong height, SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal) || reader.IsDBNull(ordinal + 1))
        {
            throw new LedgerCorruptException(height, "the block's entries are missing");
        }
        return (reader.GetFieldValue<byte[]>(ordinal), ReadHash(reader, ordinal + 1, height));
    }

    /// <summary>One read under the store's lock; SQLite's own corruption reports become <see cref="LedgerCorruptException"/>.</summary>
    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
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

    private static Hash32 ReadHash(SqliteDataReader reader, int ordinal, ulong height)
    {
        var bytes = reader.GetFieldValue<byte[]>(ordinal);
        return bytes.Length == Hash32.Size ? new Hash32(bytes) : throw new LedgerCorruptException(height, $"a stored hash has {bytes.Length} bytes");
    }
}
