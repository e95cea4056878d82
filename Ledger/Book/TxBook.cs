using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Book;

/// <summary>
/// The pending book of ledger entries. Submission only decodes and de-duplicates; validity is decided before
/// every cut, against the committed state of that moment: whatever is invalid (or became invalid while
/// pending: its round went stale, someone else's copy was committed, …) is purged and counted by reason
/// before the batch is cut. A book of only invalid entries therefore cuts an empty batch, a normal outcome,
/// never an error. (A client API that wants to answer "invalid" at once calls <see cref="Check"/> first.)
/// </summary>
public sealed class TxBook : IPendingBook
{
    private readonly PendingQueue _queue = new();
    private readonly Dictionary<Hash32, Pending> _entries = [];
    private readonly EntryValidator _validator;
    private readonly ILedgerView _view;
    private readonly Dictionary<InvalidReason, long> _refused = [];
    private readonly Dictionary<InvalidReason, long> _purged = [];

    // The view generation at which every pending entry was last found valid; Purge has nothing to do while it
    // stays current. Submitting an entry not checked at that generation resets it.
    private long _allValidAt = long.MinValue;

    private readonly List<CrossShardTx> _invalidLegs = [];

    public TxBook(EntryValidator validator, ILedgerView view)
    {
        _validator = validator;
        _view = view;
    }

    public int Count => _queue.Count;

    /// <summary>Entries refused at submission (undecodable or already pending), by reason.</summary>
    public IReadOnlyDictionary<InvalidReason, long> Refused => _refused;

    /// <summary>Entries purged from the book as invalid before a cut, by reason.</summary>
    public IReadOnlyDictionary<InvalidReason, long> Purged => _purged;

    public bool Add(byte[] item) => Submit(item) is null;

    /// <summary>Why an entry would be purged now, or null if it is valid against the committed state.</summary>
    public InvalidReason? Check(LedgerEntry entry) => _validator.Validate(entry, _view);

    /// <summary>Adds encoded entry bytes; returns why they were refused, or null if they are pending now.</summary>
    public InvalidReason? Submit(byte[] item)
    {
        if (!EntryCodec.TryDecode(item, out var entry, out _))
        {
            return Tally(_refused, InvalidReason.Malformed);
        }
        return Submit(entry!);
    }

    /// <summary>
    /// Adds an entry already decoded (e.g. by the client API); returns why it was refused, or null if it is pending now.
    /// With <paramref name="checkedNow"/> the caller has just found it valid with <see cref="Check"/>: it counts as
    /// validated at the current generation, and the next cut does not validate it again.
    /// </summary>
    public InvalidReason? Submit(LedgerEntry entry, bool checkedNow = false)
    {
        if (!_queue.Add(entry.Id, entry.Encode()))
        {
            return Tally(_refused, InvalidReason.Duplicate);
        }
        var pending = new Pending(entry);
        if (checkedNow)
        {
            pending.ValidAt = _view.Generation;
        }
        if (pending.ValidAt != _allValidAt)
        {
            _allValidAt = long.MinValue;
        }
        _entries[entry.Id] = pending;
        return null;
    }

    public bool HasWork(int window)
    {
        if (_queue.Count == 0)
        {
            return false;
        }
        Purge(window);
        return _queue.Count > 0;
    }

    public IReadOnlyList<byte[]> Cut(int window, int count, Random random)
    {
        Purge(window);
        return _queue.SampleFront(window, count, random);
    }

    /// <summary>
    /// Re-validates the first <paramref name="window"/> pending entries (all, by default) and removes the invalid ones.
    /// An entry found valid at the view's current <see cref="ILedgerView.Generation"/> is not validated again until the
    /// generation moves: with a full pool every cut would otherwise re-validate the same window.
    /// </summary>
    public int Purge(int window = int.MaxValue)
    {
        var generation = _view.Generation;
        if (generation == _allValidAt)
        {
            return 0;
        }
        var invalid = new List<(Hash32 Id, InvalidReason Reason)>();
        var seen = 0;
        foreach (var (id, _) in _queue.FromFront())
        {
            var pending = _entries[id];
            if (pending.ValidAt != generation && _validator.Validate(pending.Entry, _view) is { } reason)
            {
                invalid.Add((id, reason));
                continue;
            }
            pending.ValidAt = generation;
            if (++seen >= window)
            {
                break;
            }
        }
        foreach (var (id, reason) in invalid)
        {
            _queue.Remove(id);
            if (reason == InvalidReason.InvalidLeg && _entries[id].Entry is CrossShardTx { IsIntraShard: false } leg)
            {
                _invalidLegs.Add(leg);
            }
            _entries.Remove(id);
            Tally(_purged, reason);
        }
        if (seen == _queue.Count)
        {
            _allValidAt = generation;
        }
        return invalid.Count;
    }

    /// <summary>
    /// Cross-shard legs purged as invalid since the last call: their tx must abort everywhere, so the node hands them to
    /// the cross-shard protocol (CL_M). A leg refused at submission is the caller's to report.
    /// </summary>
    public IReadOnlyList<CrossShardTx> DrainInvalidLegs()
    {
        if (_invalidLegs.Count == 0)
        {
            return [];
        }
        var legs = _invalidLegs.ToArray();
        _invalidLegs.Clear();
        return legs;
    }

    public void Remove(IEnumerable<Hash32> committed)
    {
        foreach (var id in committed)
        {
            if (_queue.Remove(id))
            {
                _entries.Remove(id);
            }
        }
    }

    /// <summary>A pending entry and the view generation it was last found valid at (none yet: <see cref="long.MinValue"/>).</summary>
    private sealed class Pending(LedgerEntry entry)
    {
        public LedgerEntry Entry { get; } = entry;

        public long ValidAt { get; set; } = long.MinValue;
    }

    private static InvalidReason Tally(Dictionary<InvalidReason, long> counts, InvalidReason reason)
    {
        counts[reason] = counts.GetValueOrDefault(reason) + 1;
        return reason;
    }
}
