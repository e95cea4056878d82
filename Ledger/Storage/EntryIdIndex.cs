using System.Buffers.Binary;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Storage;

/// <summary>Where a committed entry is: its block and its position in the block.</summary>
internal readonly record struct IdRecord(Hash32 Id, ulong Height, int Position) : IComparable<IdRecord>
{
    public int CompareTo(IdRecord other) => Id.CompareTo(other.Id);
}

/// <summary>
/// The ledger's entry-id index: a log-structured merge of sorted runs, stored in the ledger's own SQLite file and written
/// in the same transaction as the blocks it indexes.
/// <para>
/// A B-tree keyed by SHA-256 ids takes every insert at a random leaf, so once it outgrows the page cache each block
/// rewrites pages all over the index, and the cost of an entry grows with the ledger (docs/BENCHMARKS.md). Here each
/// block's ids are sorted and written as a new run: pages of <see cref="PageRecords"/> fixed-size records, appended.
/// When a level holds <see cref="FanIn"/> runs they are merged into one run of the next level, a bounded number of
/// records per block, so no block ever waits for a whole merge. Every record is rewritten once per level:
/// log<sub>8</sub> of the ledger's size.
/// </para>
/// <para>
/// A lookup asks a Bloom filter of every committed id first (nearly every id validated is new, and for those it answers
/// alone); on a "maybe" it looks in each live run: the run's first ids per page are kept in memory, so it reads one
/// page per run. A merge's output becomes live, and its inputs are deleted, in one step when it is complete; a merge
/// interrupted by a crash is dropped when the file is opened again and starts over.
/// </para>
/// </summary>
internal sealed partial class EntryIdIndex
{
    public const int RecordSize = Hash32.Size + sizeof(ulong) + sizeof(int);
    public const int PageRecords = 256;
    public const int FanIn = 8;

    /// <summary>A page's key is its run shifted left by this, plus its page number in the run.</summary>
    private const int PageBits = 24;

    /// <summary>Pages of dead runs (inputs of finished merges) deleted per block.</summary>
    private const int CollectPerBlock = 64;

    /// <summary><c>id_runs.complete</c> of a merge input that a finished merge replaced: no longer read, pages being deleted.</summary>
    private const int Dead = 2;

    /// <summary>The least merge work done per block (records per merge in progress), whatever the block's size.</summary>
    private const int MinimumMergeStep = 4096;

    private readonly Func<string, SqliteCommand> _command;
    private readonly string _path;
    private readonly List<Run> _live = [];
    private readonly List<Merge> _merges = [];
    private readonly Queue<Run> _dead = new();
    private readonly long _idCapacity;
    private CommittedIdFilter _filter;

    /// <summary>
    /// Ids the filter said "maybe" for and the runs did not hold: validation and the append of the same block ask about
    /// the same ids, so a false positive is paid for once. Only ever holds absent ids (an added id leaves it), bounded.
    /// </summary>
    private readonly HashSet<Hash32> _knownAbsent = [];
    private const int KnownAbsentLimit = 1 << 16;
    private long _nextRun;

    /// <param name="command">A prepared statement for the SQL, bound to the store's open transaction if there is one.</param>
    /// <param name="idCapacity">Committed ids the Bloom filter's first segment is sized for (see <see cref="CommittedIdFilter"/>).</param>
    public EntryIdIndex(Func<string, SqliteCommand> command, string path, long idCapacity = CommittedIdFilter.DefaultCapacity)
    {
        _command = command;
        _path = path;
        _idCapacity = idCapacity;
        _filter = new CommittedIdFilter(idCapacity);
    }

    /// <summary>The committed-id filter's shape: ids its first segment holds, segments, bytes.</summary>
    public (long FirstCapacity, int Segments, long Bytes) Filter => (_filter.FirstCapacity, _filter.SegmentCount, _filter.Bytes);

    /// <summary>Committed ids indexed.</summary>
    public long Count { get; private set; }

    /// <summary>Live runs (complete ones; a merge's output counts once it is complete).</summary>
    public int RunCount => _live.Count;

    /// <summary>Pages read by lookups that got past the Bloom filter: what a false positive costs.</summary>
    public long PagesProbed { get; private set; }

    /// <summary>Records rewritten by merges since the store was opened.</summary>
    public long RecordsMerged { get; private set; }

    /// <summary>
    /// Reads the runs from the file, dropping any merge output a crash left incomplete. With <paramref name="fillFilter"/>
    /// every record is read and its id added to the Bloom filter (opening); without, only the page keys are (after a
    /// failed write, when the filter may hold ids that were rolled back: a superset only costs lookups).
    /// </summary>
    public void Load(bool fillFilter)
    {
        _live.Clear();
        _merges.Clear();
        _dead.Clear();
        _knownAbsent.Clear();
        Count = 0;
        // Incomplete merge outputs and dead merge inputs are dropped whole when the file is opened.
        foreach (var run in ReadRunsNotLive())
        {
            DeletePages(run);
            Execute("DELETE FROM id_runs WHERE run = $run", ("$run", run));
        }
        var runs = new Dictionary<long, Run>();
        using (var reader = _command("SELECT run, level, count FROM id_runs WHERE complete = 1 ORDER BY run").ExecuteReader())
        {
            while (reader.Read())
            {
                var run = new Run(reader.GetInt64(0), reader.GetInt32(1)) { Count = reader.GetInt64(2) };
                runs.Add(run.Id, run);
                _live.Add(run);
            }
        }
        _nextRun = _live.Count == 0 ? 1 : _live[^1].Id + 1;
        if (fillFilter)
        {
            // One segment for the ledger as it is and as much again, so a reopened node starts with one probe per lookup.
            var committed = _live.Sum(r => r.Count);
            _filter = new CommittedIdFilter(Math.Max(_idCapacity, 2 * committed));
        }
        var sql = fillFilter ? "SELECT key, first_id, records FROM id_pages ORDER BY key" : "SELECT key, first_id FROM id_pages ORDER BY key";
        var stored = new Dictionary<long, long>();
        using (var reader = _command(sql).ExecuteReader())
        {
            while (reader.Read())
            {
                var key = reader.GetInt64(0);
                if (!runs.TryGetValue(key >> PageBits, out var run) || (key & PageMask) != run.Fences.Count)
                {
                    throw Corrupt($"id page {key >> PageBits}/{key & PageMask} belongs to no run or leaves a gap");
                }
                var first = ReadId(reader.GetFieldValue<byte[]>(1));
                run.Fences.Add(first);
                if (fillFilter)
                {
                    var records = reader.GetFieldValue<byte[]>(2);
                    if (records.Length == 0 || records.Length % RecordSize != 0 || ReadId(records.AsSpan(0, Hash32.Size)) != first)
                    {
                        throw Corrupt($"id page {key >> PageBits}/{key & PageMask} is damaged");
                    }
                    for (var offset = 0; offset < records.Length; offset += RecordSize)
                    {
                        _filter.Add(new Hash32(records.AsSpan(offset, Hash32.Size)));
                    }
                    stored[run.Id] = stored.GetValueOrDefault(run.Id) + (records.Length / RecordSize);
                }
            }
        }
        foreach (var run in _live)
        {
            if (fillFilter && stored.GetValueOrDefault(run.Id) != run.Count)
            {
                throw Corrupt($"id run {run.Id} holds {stored.GetValueOrDefault(run.Id)} records, it should hold {run.Count}");
            }
            Count += run.Count;
        }
    }

    /// <summary>Indexes the entries of a block being appended (in the store's transaction), then advances merges.</summary>
    public void Add(ulong height, IReadOnlyList<LedgerEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var records = new IdRecord[entries.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = new IdRecord(entries[i].Id, height, i);
        }
        Array.Sort(records);
        var run = NewRun(level: 0);
        for (var page = 0; page * PageRecords < records.Length; page++)
        {
            WritePage(run, records.AsSpan(page * PageRecords, Math.Min(PageRecords, records.Length - (page * PageRecords))));
        }
        Complete(run, records.Length);
        _live.Add(run);
        foreach (var record in records)
        {
            _filter.Add(record.Id);
            if (_knownAbsent.Count > 0)
            {
                _knownAbsent.Remove(record.Id);
            }
        }
        Count += records.Length;
        AdvanceMerges(Math.Max(MinimumMergeStep, 2 * entries.Count));
        CollectDead(CollectPerBlock);
    }

    /// <summary>
    /// Writes ids already in ascending order as one complete run, at the level its size would have reached by merging
    /// (a schema migration's import; the store loads the index afterwards).
    /// </summary>
    public void Import(IEnumerable<IdRecord> sorted)
    {
        var count = 0L;
        var buffer = new IdRecord[PageRecords];
        var buffered = 0;
        Run? run = null;
        Hash32? previous = null;
        foreach (var record in sorted)
        {
            if (previous is { } p && record.Id <= p)
            {
                throw Corrupt($"entry id {record.Id} is out of order or repeated");
            }
            previous = record.Id;
            run ??= NewRun(level: 0);
            buffer[buffered++] = record;
            if (buffered == PageRecords)
            {
                WritePage(run, buffer);
                buffered = 0;
            }
            count++;
        }
        if (run is null)
        {
            return;
        }
        if (buffered > 0)
        {
            WritePage(run, buffer.AsSpan(0, buffered));
        }
        var level = 0;
        for (var size = (long)MinimumMergeStep * FanIn; size <= count; size *= FanIn)
        {
            level++;
        }
        Execute("UPDATE id_runs SET level = $level WHERE run = $run", ("$level", level), ("$run", run.Id));
        Complete(run, count);
    }

    /// <summary>False only for an id certainly not committed; the Bloom filter answers most calls alone.</summary>
    public bool Contains(Hash32 id) => Find(id) is not null;

    public IdRecord? Find(Hash32 id)
    {
        if (!_filter.MightContain(id) || _knownAbsent.Contains(id))
        {
            return null;
        }
        Span<byte> key = stackalloc byte[Hash32.Size];
        id.CopyTo(key);
        for (var r = _live.Count - 1; r >= 0; r--)
        {
            var run = _live[r];
            var page = UpperBound(run.Fences, id) - 1;
            if (page < 0)
            {
                continue;
            }
            PagesProbed++;
            var records = ReadPage(run, page);
            if (Search(records, key) is { } offset)
            {
                return ReadRecord(records, offset);
            }
        }
        if (_knownAbsent.Count >= KnownAbsentLimit)
        {
            _knownAbsent.Clear();
        }
        _knownAbsent.Add(id);
        return null;
    }

    /// <summary>Every indexed id, run by run.</summary>
    public void ForEachId(Action<Hash32> visit)
    {
        foreach (var run in _live)
        {
            for (var page = 0; page < run.Fences.Count; page++)
            {
                var records = ReadPage(run, page);
                for (var offset = 0; offset < records.Length; offset += RecordSize)
                {
                    visit(new Hash32(records.AsSpan(offset, Hash32.Size)));
                }
            }
        }
    }

    private Run NewRun(int level)
    {
        var run = new Run(_nextRun++, level);
        if (run.Id >= 1L << (63 - PageBits))
        {
            throw new InvalidOperationException($"{_path}: the id index ran out of run numbers");
        }
        Execute("INSERT INTO id_runs (run, level, count, complete) VALUES ($run, $level, 0, 0)", ("$run", run.Id), ("$level", level));
        return run;
    }

    private void Complete(Run run, long count)
    {
        run.Count = count;
        Execute("UPDATE id_runs SET count = $count, complete = 1 WHERE run = $run", ("$count", count), ("$run", run.Id));
    }

    private void WritePage(Run run, ReadOnlySpan<IdRecord> records)
    {
        if (run.Fences.Count > (int)PageMask)
        {
            throw new InvalidOperationException($"{_path}: id run {run.Id} is over {PageMask} pages");
        }
        var bytes = new byte[records.Length * RecordSize];
        for (var i = 0; i < records.Length; i++)
        {
            var slot = bytes.AsSpan(i * RecordSize, RecordSize);
            records[i].Id.CopyTo(slot);
            BinaryPrimitives.WriteUInt64LittleEndian(slot[Hash32.Size..], records[i].Height);
            BinaryPrimitives.WriteInt32LittleEndian(slot[(Hash32.Size + sizeof(ulong))..], records[i].Position);
        }
        var insert = _command("INSERT INTO id_pages (key, first_id, records) VALUES ($key, $first, $records)");
        insert.Parameters.AddWithValue("$key", (run.Id << PageBits) | (long)run.Fences.Count);
        insert.Parameters.AddWithValue("$first", records[0].Id.ToArray());
        insert.Parameters.AddWithValue("$records", bytes);
        insert.ExecuteNonQuery();
        run.Fences.Add(records[0].Id);
    }

    private byte[] ReadPage(Run run, int page)
    {
        var select = _command("SELECT records FROM id_pages WHERE key = $key");
        select.Parameters.AddWithValue("$key", (run.Id << PageBits) | (long)page);
        if (select.ExecuteScalar() is not byte[] records || records.Length == 0 || records.Length % RecordSize != 0)
        {
            throw Corrupt($"id page {run.Id}/{page} is missing or damaged");
        }
        return records;
    }

    private void DeletePages(long run) =>
        Execute("DELETE FROM id_pages WHERE key >= $from AND key < $to", ("$from", run << PageBits), ("$to", (run + 1) << PageBits));

    private List<long> ReadRunsNotLive()
    {
        var select = _command("SELECT run FROM id_runs WHERE complete <> 1");
        var runs = new List<long>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            runs.Add(reader.GetInt64(0));
        }
        return runs;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }

    /// <summary>The byte offset of the record with <paramref name="id"/> in a page, by binary search.</summary>
    private static int? Search(byte[] records, ReadOnlySpan<byte> id)
    {
        int low = 0, high = (records.Length / RecordSize) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = records.AsSpan(middle * RecordSize, Hash32.Size).SequenceCompareTo(id);
            if (order == 0)
            {
                return middle * RecordSize;
            }
            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return null;
    }

    /// <summary>The number of fences at or below <paramref name="id"/>.</summary>
    private static int UpperBound(List<Hash32> fences, Hash32 id)
    {
        int low = 0, high = fences.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (fences[middle] <= id)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private static IdRecord ReadRecord(byte[] records, int offset)
    {
        var slot = records.AsSpan(offset, RecordSize);
        return new IdRecord(
            new Hash32(slot[..Hash32.Size]),
            BinaryPrimitives.ReadUInt64LittleEndian(slot[Hash32.Size..]),
            BinaryPrimitives.ReadInt32LittleEndian(slot[(Hash32.Size + sizeof(ulong))..]));
    }

    private Hash32 ReadId(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Hash32.Size ? new Hash32(bytes) : throw Corrupt($"an indexed id has {bytes.Length} bytes");

    private LedgerCorruptException Corrupt(string message) => new(null, $"{_path}: {message}");

    private const long PageMask = (1L << PageBits) - 1;

    private sealed class Run(long id, int level)
    {
        public long Id { get; } = id;

        public int Level { get; } = level;

        public long Count { get; set; }

        /// <summary>The first id of each page, in page order.</summary>
        public List<Hash32> Fences { get; } = [];

        /// <summary>Taken as the input of a merge in progress (still live until the merge completes).</summary>
        public bool Merging { get; set; }

        /// <summary>Pages already deleted from the front, once the run is dead.</summary>
        public int Collected { get; set; }
    }
}
