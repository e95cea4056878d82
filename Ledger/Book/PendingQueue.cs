using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Book;

/// <summary>
/// Pending opaque items in arrival order, keyed by item hash so duplicates are ignored and committed
/// items are removed in O(1). Removal leaves a hole that is compacted lazily. No validation: the book
/// for consensus runs that carry opaque items (and the storage underneath <see cref="TxBook"/>).
/// </summary>
public sealed class PendingQueue : IPendingBook
{
    private readonly List<(Hash32 Id, byte[] Item)?> _slots = [];
    private readonly Dictionary<Hash32, int> _index = [];
    private int _head;

    public int Count => _index.Count;

    public bool Add(byte[] item) => Add(Hash32.Of(item), item);

    public bool Add(Hash32 id, byte[] item)
    {
        if (_index.ContainsKey(id))
        {
            return false;
        }
        _index[id] = _slots.Count;
        _slots.Add((id, item));
        return true;
    }

    public bool Remove(Hash32 id)
    {
        if (!_index.Remove(id, out var slot))
        {
            return false;
        }
        _slots[slot] = null;
        Compact();
        return true;
    }

    /// <summary>
    /// Dumbo/HoneyBadger proposal rule: choose <paramref name="count"/> items uniformly at random among the
    /// first <paramref name="window"/> pending ones, so different nodes tend to propose different items.
    /// </summary>
    public IReadOnlyList<byte[]> Cut(int window, int count, Random random) => SampleFront(window, count, random);

    public void Remove(IEnumerable<Hash32> committed)
    {
        foreach (var id in committed)
        {
            Remove(id);
        }
    }

    /// <summary>The pending items from the front, in order (for purging).</summary>
    public IEnumerable<(Hash32 Id, byte[] Item)> FromFront()
    {
        for (var i = _head; i < _slots.Count; i++)
        {
            if (_slots[i] is { } slot)
            {
                yield return slot;
            }
        }
    }

    public IReadOnlyList<byte[]> SampleFront(int window, int count, Random random)
    {
        var front = new List<byte[]>(Math.Min(window, Count));
        for (var i = _head; i < _slots.Count && front.Count < window; i++)
        {
            if (_slots[i] is { } slot)
            {
                front.Add(slot.Item);
            }
        }
        if (front.Count <= count)
        {
            return front;
        }
        // Partial Fisher–Yates: the first `count` positions become a uniform sample.
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, front.Count);
            (front[i], front[j]) = (front[j], front[i]);
        }
        return front.GetRange(0, count);
    }

    private void Compact()
    {
        while (_head < _slots.Count && _slots[_head] is null)
        {
            _head++;
        }
        if (_head > 1024 && _head * 2 > _slots.Count)
        {
            _slots.RemoveRange(0, _head);
            _head = 0;
            for (var i = 0; i < _slots.Count; i++)
            {
                if (_slots[i] is { } slot)
                {
                    _index[slot.Id] = i;
                }
            }
        }
    }
}
