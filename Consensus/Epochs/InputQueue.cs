using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// A node's pending items in arrival order, keyed by item hash so duplicates are ignored and committed
/// items are removed in O(1). Removal leaves a hole that is compacted lazily.
/// </summary>
internal sealed class InputQueue
{
    private readonly List<(Hash32 Id, byte[] Item)?> _slots = [];
    private readonly Dictionary<Hash32, int> _index = [];
    private int _head;

    public int Count => _index.Count;

    public bool Add(byte[] item)
    {
        var id = Hash32.Of(item);
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
