using System.IO.Compression;
using DumboFL.Core.Hashing;
using Microsoft.Data.Sqlite;

namespace DumboFL.Learning.Chunks;

/// <summary>Where a chunk belongs: the FL round, the client whose update it is, its index in that update.</summary>
public readonly record struct ChunkKey(ulong Round, string Client, int Index);

/// <summary>How long chunks are kept: the newest rounds of this node's own updates, and of other clients' updates.</summary>
public sealed record ChunkRetention(int LocalRounds = 2, int RemoteRounds = 5);

/// <summary>
/// The chunk store (ARCHITECTURE.md §9): its own SQLite file with exactly one writer connection. Chunk bytes are
/// content-addressed (stored once per hash, whatever updates share them, optionally deflated); metadata rows key each
/// chunk by (round, client, index) with its hash, whether it is this node's own (local) or received (remote), and
/// whether it was verified against its committed hash. Which chunks of an update are present is also kept in memory as
/// a bitfield, so the swarm's hot path never queries SQLite. Old rounds are dropped by <see cref="ChunkRetention"/>,
/// local and remote separately.
/// </summary>
public sealed class ChunkStore : IDisposable
{
    private const int CompressAbove = 512;

    private readonly SqliteConnection _connection;
    private readonly bool _compress;
    private readonly ChunkRetention _retention;
    private readonly Dictionary<(ulong Round, string Client), Bitfield> _present = [];
    private readonly object _gate = new();
    private SqliteTransaction? _group;

    private ChunkStore(SqliteConnection connection, bool compress, ChunkRetention retention)
    {
        _connection = connection;
        _compress = compress;
        _retention = retention;
    }

    public static ChunkStore Open(string path, bool compress = false, ChunkRetention? retention = null)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode = PERSIST;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS chunk_data (
                hash       BLOB PRIMARY KEY,
                compressed INTEGER NOT NULL,
                bytes      BLOB NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS chunks (
                round    INTEGER NOT NULL,
                client   TEXT    NOT NULL,
                idx      INTEGER NOT NULL,
                hash     BLOB    NOT NULL,
                local    INTEGER NOT NULL,
                verified INTEGER NOT NULL,
                PRIMARY KEY (round, client, idx)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS chunks_by_hash ON chunks (hash);
            """);
        var store = new ChunkStore(connection, compress, retention ?? new ChunkRetention());
        store.LoadBitfields();
        return store;
    }

    /// <summary>
    /// Stores a chunk. A remote chunk must already have been checked against its committed hash by the caller
    /// (<see cref="ChunkedUpdate.Verify"/>); this store refuses bytes that do not hash to <paramref name="hash"/> anyway.
    /// Returns false if it was already there. Durable when it returns, unless <paramref name="deferCommit"/>: then it
    /// joins the open group of chunks, which <see cref="Flush"/> commits with one sync (the swarm stores a drain's worth
    /// of pieces per commit; a sync per 64 KiB chunk was 45 % of its time). Until then a crash may lose it, so nothing
    /// may be announced about it before the flush; reads on this store see it at once.
    /// </summary>
    public bool Put(ChunkKey key, Hash32 hash, ReadOnlySpan<byte> bytes, bool local, bool verified, bool deferCommit = false)
    {
        if (!ChunkedUpdate.Verify(bytes, hash))
        {
            throw new InvalidDataException($"chunk {key.Index} of {key.Client}/{key.Round} does not hash to {hash}");
        }
        lock (_gate)
        {
            if (_group is { } group)
            {
                if (!Insert(group, key, hash, bytes, local, verified))
                {
                    return false;
                }
                if (!deferCommit)
                {
                    // Durable now, with the group it joined.
                    CommitGroup();
                }
            }
            else if (deferCommit)
            {
                _group = _connection.BeginTransaction();
                if (!Insert(_group, key, hash, bytes, local, verified))
                {
                    return false;
                }
            }
            else
            {
                using var own = _connection.BeginTransaction();
                if (!Insert(own, key, hash, bytes, local, verified))
                {
                    return false;
                }
                own.Commit();
            }
            BitfieldOf(key.Round, key.Client).Set(key.Index);
            return true;
        }
    }

    /// <summary>Commits the chunks put with <c>deferCommit</c> since the last flush (one sync). Nothing to do without any.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            CommitGroup();
        }
    }

    private void CommitGroup()
    {
        if (_group is { } group)
        {
            _group = null;
            group.Commit();
            group.Dispose();
        }
    }

    /// <summary>True while chunks put with <c>deferCommit</c> wait for <see cref="Flush"/>.</summary>
    public bool HasUnflushed
    {
        get
        {
            lock (_gate)
            {
                return _group is not null;
            }
        }
    }

    private bool Insert(SqliteTransaction transaction, ChunkKey key, Hash32 hash, ReadOnlySpan<byte> bytes, bool local, bool verified)
    {
        {
            var stored = Command("INSERT OR IGNORE INTO chunks (round, client, idx, hash, local, verified) VALUES ($round, $client, $idx, $hash, $local, $verified)", transaction,
                ("$round", unchecked((long)key.Round)), ("$client", key.Client), ("$idx", key.Index), ("$hash", hash.ToArray()), ("$local", local ? 1 : 0), ("$verified", verified ? 1 : 0));
            if (stored == 0)
            {
                return false;
            }
            var (compressed, data) = Encode(bytes);
            Command("INSERT OR IGNORE INTO chunk_data (hash, compressed, bytes) VALUES ($hash, $compressed, $bytes)", transaction,
                ("$hash", hash.ToArray()), ("$compressed", compressed ? 1 : 0), ("$bytes", data));
            return true;
        }
    }

    /// <summary>The chunk's bytes, or null if this store does not hold it.</summary>
    public byte[]? Get(ChunkKey key)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = _group;
            command.CommandText = "SELECT d.compressed, d.bytes FROM chunks c JOIN chunk_data d ON d.hash = c.hash WHERE c.round = $round AND c.client = $client AND c.idx = $idx";
            command.Parameters.AddWithValue("$round", unchecked((long)key.Round));
            command.Parameters.AddWithValue("$client", key.Client);
            command.Parameters.AddWithValue("$idx", key.Index);
            using var reader = command.ExecuteReader();
            return reader.Read() ? Decode(reader.GetInt64(0) == 1, reader.GetFieldValue<byte[]>(1)) : null;
        }
    }

    /// <summary>Whether chunk <paramref name="index"/> of (round, client) is here: from memory.</summary>
    public bool Has(ulong round, string client, int index)
    {
        lock (_gate)
        {
            return _present.TryGetValue((round, client), out var bits) && bits.Get(index);
        }
    }

    /// <summary>The indexes held of (round, client)'s update, as a copy of the in-memory bitfield.</summary>
    public Bitfield Present(ulong round, string client)
    {
        lock (_gate)
        {
            return _present.TryGetValue((round, client), out var bits) ? bits.Copy() : new Bitfield();
        }
    }

    /// <summary>Distinct chunk payloads stored (shared chunks count once).</summary>
    public long DistinctPayloads
    {
        get
        {
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                command.Transaction = _group;
                command.CommandText = "SELECT COUNT(*) FROM chunk_data";
                return (long)command.ExecuteScalar()!;
            }
        }
    }

    /// <summary>
    /// Drops local chunks of rounds before the newest <see cref="ChunkRetention.LocalRounds"/> below
    /// <paramref name="currentRound"/>, remote ones before the newest <see cref="ChunkRetention.RemoteRounds"/>, and
    /// payloads no row uses any more. Returns the metadata rows dropped.
    /// </summary>
    public int Prune(ulong currentRound)
    {
        Flush();
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var localFloor = currentRound >= (ulong)_retention.LocalRounds ? currentRound - (ulong)_retention.LocalRounds + 1 : 0;
            var remoteFloor = currentRound >= (ulong)_retention.RemoteRounds ? currentRound - (ulong)_retention.RemoteRounds + 1 : 0;
            var dropped = Command("DELETE FROM chunks WHERE (local = 1 AND round < $local) OR (local = 0 AND round < $remote)", transaction,
                ("$local", unchecked((long)localFloor)), ("$remote", unchecked((long)remoteFloor)));
            Command("DELETE FROM chunk_data WHERE NOT EXISTS (SELECT 1 FROM chunks WHERE chunks.hash = chunk_data.hash)", transaction);
            transaction.Commit();
            LoadBitfields();
            return dropped;
        }
    }

    /// <summary>Commits any open group first: what was put is kept.</summary>
    public void Dispose()
    {
        Flush();
        _connection.Dispose();
    }

    private (bool Compressed, byte[] Bytes) Encode(ReadOnlySpan<byte> bytes)
    {
        if (!_compress || bytes.Length < CompressAbove)
        {
            return (false, bytes.ToArray());
        }
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(bytes);
        }
        // Keep the raw bytes when deflating does not pay (random-looking float data often does not).
        return output.Length < bytes.Length ? (true, output.ToArray()) : (false, bytes.ToArray());
    }

    private static byte[] Decode(bool compressed, byte[] stored)
    {
        if (!compressed)
        {
            return stored;
        }
        using var input = new DeflateStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private Bitfield BitfieldOf(ulong round, string client)
    {
        if (!_present.TryGetValue((round, client), out var bits))
        {
            _present[(round, client)] = bits = new Bitfield();
        }
        return bits;
    }

    private void LoadBitfields()
    {
        _present.Clear();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT round, client, idx FROM chunks";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            BitfieldOf(unchecked((ulong)reader.GetInt64(0)), reader.GetString(1)).Set(reader.GetInt32(2));
        }
    }

    private int Command(string sql, SqliteTransaction transaction, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Which chunk indexes are present: a growable bit set (what the swarm's BITFIELD and HAVE messages carry).</summary>
public sealed class Bitfield
{
    private ulong[] _words = [];

    public int Count { get; private set; }

    public bool Get(int index) => index >= 0 && (index >> 6) < _words.Length && (_words[index >> 6] & (1UL << (index & 63))) != 0;

    public void Set(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if ((index >> 6) >= _words.Length)
        {
            Array.Resize(ref _words, Math.Max((index >> 6) + 1, _words.Length * 2));
        }
        if (!Get(index))
        {
            _words[index >> 6] |= 1UL << (index & 63);
            Count++;
        }
    }

    public Bitfield Copy() => new() { _words = _words.ToArray(), Count = Count };
}
