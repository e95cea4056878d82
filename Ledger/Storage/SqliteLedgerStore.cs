using DumboFL.Core.Hashing;
using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// A shard's ledger in one SQLite file: rollback journal kept between transactions (<c>journal_mode=PERSIST</c>),
/// <c>synchronous=FULL</c> (a returned append survives power loss), foreign keys on.
/// <para>
/// Not WAL: the ledger only appends, and SQLite journals only the pages a transaction changes that existed before
/// it, never the pages it adds at the end of the file or takes from the freelist. So a block's bytes are written
/// once, where WAL writes every page twice (into the WAL, then by the checkpoint into the file) and checksums
/// each frame. Measured with <c>tests/Benchmarks apply-path</c>: commit 3.0 → 1.5 µs per entry, system CPU −30 %.
/// The cost is that a reader on another connection would block commits; the store has no other connection.
/// </para>
/// <para>
/// Exactly one writer per file (the bundled SQLite also has a WAL corruption bug with concurrent writers):
/// the store owns the only connection, and reads and writes share it. A lock file next to the database
/// (<c>PATH.lock</c>, an OS lock released even on SIGKILL) refuses a second store on the same file, from this
/// process or another. Calls are serialised by one lock, so the store may be shared between threads, but
/// it is built for one writer loop: nothing runs in parallel inside it.
/// </para>
/// </summary>
public sealed partial class SqliteLedgerStore : ILedgerStore, IBuiltBlockAppend
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly FileStream _writerLock;
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private const string BlockSavepoint = "block";
    private readonly EntryIdIndex _index;
    private ChainTip? _tip;
    private Exception? _indexFault;
    private SqliteTransaction? _group;
    private int _groupBlocks;
    private bool _disposed;

    private SqliteLedgerStore(string path, FileStream writerLock, SqliteConnection connection, int groupCommit, long idCapacity)
    {
        GroupCommit = groupCommit;
        Path = path;
        _writerLock = writerLock;
        _connection = connection;
        _index = new EntryIdIndex(sql => Command(sql), path, idCapacity);
    }

    /// <summary>
    /// Blocks per SQLite transaction. 1 (the default): every <see cref="Append"/> is durable when it returns. More: appends
    /// share one transaction, committed every <see cref="GroupCommit"/> blocks, on <see cref="Flush"/> and on dispose; a
    /// crash loses at most the uncommitted blocks, never part of one (each block is a savepoint), and the file stays a
    /// valid shorter chain. Each index page touched by several blocks of a group is written once, which is what makes it
    /// cheaper (docs/BENCHMARKS.md).
    /// </summary>
    public int GroupCommit { get; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public ulong? Height
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return _tip?.Height;
            }
        }
    }

    /// <summary>
    /// Opens (creating if needed) the ledger at <paramref name="path"/>, migrates its schema forward and resumes
    /// at its applied height.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another store (in any process) has the file open.</exception>
    /// <exception cref="LedgerSchemaException">The file was written by a newer schema.</exception>
    /// <exception cref="LedgerCorruptException">The file is not a ledger database, or its tip does not decode.</exception>
    /// <param name="idCapacity">
    /// Committed ids the id index's Bloom filter is sized for when opened (2.5 bytes each, taken at open); a ledger already
    /// larger gets twice its size. Past it the filter grows by doubling segments and lookups read one more segment each.
    /// </param>
    public static SqliteLedgerStore Open(string path, int groupCommit = 1, long idCapacity = CommittedIdFilter.DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCommit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(idCapacity, 1);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(fullPath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        var writerLock = AcquireWriterLock(fullPath);
        SqliteConnection? connection = null;
        try
        {
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = fullPath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                // No pool: Dispose must really close the file, and no pooled
                // connection may outlive the store as a second handle on the file.
                Pooling = false,
            }.ToString());
            var store = new SqliteLedgerStore(fullPath, writerLock, connection, groupCommit, idCapacity);
            store.Initialise();
            return store;
        }
        catch (SqliteException e) when (IsCorruption(e))
        {
            connection?.Dispose();
            writerLock.Dispose();
            throw new LedgerCorruptException(null, $"{fullPath} is not a readable ledger database ({e.Message})", e);
        }
        catch
        {
            connection?.Dispose();
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary><c>PRAGMA integrity_check</c>: "ok", or SQLite's list of problems one per line.</summary>
    public string IntegrityCheck()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            CommitGroup();
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }
            return string.Join(Environment.NewLine, lines);
        }
    }

    /// <summary>The indexed key of an entry id: its first 8 bytes, little-endian, as SQLite's signed integer.</summary>
    internal static long IdKey(Hash32 id)
    {
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        id.CopyTo(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            try
            {
                CommitGroup();
            }
            catch (SqliteException)
            {
                // The file keeps its last committed chain; the node fetches the rest from its peers.
                AbandonGroup();
            }
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
            _commands.Clear();
            _connection.Dispose();
            _writerLock.Dispose();
        }
    }

    /// <summary>A connection pragma's current value, for tests.</summary>
    internal object? Pragma(string name)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return command.ExecuteScalar();
        }
    }

    private static FileStream AcquireWriterLock(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            // FileShare.None takes an exclusive flock(2) on Unix (LockFileEx-style sharing on Windows); the
            // kernel drops it when the process dies, so a killed node never leaves a stale lock.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"{databasePath} is already open by another ledger store (lock {lockPath}): one writer per file", e);
        }
    }

    /// <summary>
    /// SQLite page size of a new ledger file. A block body is a few MB of overflow pages written one <c>pwrite</c> each:
    /// 16 KiB pages cut the flush from 1.4 to 0.9–1.1 µs per entry against 4 KiB (<c>apply-path --blocks 150</c>, two runs
    /// each), and an id-index page (11 KB of records) is one page. 64 KiB saved little more and made reads dearer.
    /// </summary>
    public const int PageSize = 16384;

    private void Initialise()
    {
        _connection.Open();
        // Takes effect only for a file being created (an existing file keeps its page size).
        ExecuteScalar($"PRAGMA page_size = {PageSize}");
        // A file from an earlier version in WAL mode is checkpointed and switched here.
        var mode = ExecuteScalar("PRAGMA journal_mode = PERSIST") as string;
        if (!string.Equals(mode, "persist", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Path}: SQLite refused the persistent rollback journal (journal_mode is '{mode}')");
        }
        // The kept journal never needs to be larger than the pages a group commit rewrites (index pages, headers).
        ExecuteScalar("PRAGMA journal_size_limit = 67108864");
        ExecuteScalar("PRAGMA synchronous = FULL");
        ExecuteScalar("PRAGMA foreign_keys = ON");
        // 16 MiB of page cache: writes append (bodies, index runs), merges read runs in order and lookups read one page
        // per run, so a larger cache buys little (64 MiB, needed by the per-entry B-tree of schema v2, only cost memory).
        ExecuteScalar("PRAGMA cache_size = -16384");
        _connection.CreateFunction("dumbofl_id_key", (byte[] id) => IdKey(new Hash32(id)), isDeterministic: true);
        SqliteSchema.Migrate(_connection, Path);
        _tip = LoadTip();
        _index.Load(fillFilter: true);
    }

    private object? ExecuteScalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A prepared statement kept for the life of the store, bound to <paramref name="transaction"/> (null outside one), parameters cleared.</summary>
    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction ?? _group;
        command.Parameters.Clear();
        return command;
    }

    private static bool IsCorruption(SqliteException e) =>
        e.SqliteErrorCode is 11 /* SQLITE_CORRUPT */ or 26 /* SQLITE_NOTADB */;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Disposed, or the id index could not be read back after a failed write: no call can be answered safely.</summary>
    private void ThrowIfUnusable()
    {
        ThrowIfDisposed();
        if (_indexFault is { } fault)
        {
            throw new LedgerCorruptException(null, $"{Path}: the entry-id index could not be reloaded after a failed write; reopen the store ({fault.Message})", fault);
        }
    }

    /// <summary>The committed-id Bloom filter: ids its first segment holds, segments a lookup reads, bytes held.</summary>
    public (long FirstCapacity, int Segments, long Bytes) IdFilter
    {
        get
        {
            lock (_gate)
            {
                return _index.Filter;
            }
        }
    }

    /// <summary>The id index's counters, for status and benchmarks.</summary>
    public (long Ids, int Runs, long PagesProbed, long RecordsMerged) IndexStats
    {
        get
        {
            lock (_gate)
            {
                return (_index.Count, _index.RunCount, _index.PagesProbed, _index.RecordsMerged);
            }
        }
    }
}
