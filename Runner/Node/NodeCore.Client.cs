namespace DumboFL.Runner.Node;

// Entries from the client API.
public sealed partial class NodeCore
{
    private static readonly TimeSpan s_arrivalRetention = TimeSpan.FromMinutes(5);

    private SubmitOutcome OnSubmit(EntriesSubmitted submitted)
    {
        if (_book.Count >= _poolMax)
        {
            return new SubmitOutcome(0, [], PoolFull: true, _book.Count);
        }
        var rejected = new List<(int, string)>();
        var items = new List<byte[]>(submitted.Entries.Count);
        foreach (var decoded in submitted.Entries)
        {
            if (decoded.Entry is not { } entry)
            {
                Refuse(rejected, decoded.Index, "malformed");
                continue;
            }
            if (_book.Check(entry) is { } reason)
            {
                Refuse(rejected, decoded.Index, Simulator.ReasonNames.Of(reason));
                continue;
            }
            items.Add(entry.Encode());
            _arrivals.TryAdd(entry.Id, submitted.ArrivalTimestamp);
        }
        if (items.Count > 0)
        {
            if (_node is { } node)
            {
                Process(node.Submit(items));
            }
            else
            {
                // Syncing: keep them in the book; the node proposes them once it rejoins.
                foreach (var item in items)
                {
                    _book.Add(item);
                }
            }
        }
        return new SubmitOutcome(items.Count, rejected, PoolFull: false, _book.Count);
    }

    private void Refuse(List<(int, string)> rejected, int index, string reason)
    {
        rejected.Add((index, reason));
        _refused[reason] = _refused.GetValueOrDefault(reason) + 1;
    }

    /// <summary>Forgets arrival times of entries that never committed here (purged later, or committed elsewhere).</summary>
    private void ExpireArrivals()
    {
        if (_arrivals.Count < 2 * _poolMax)
        {
            return;
        }
        var now = _time.GetTimestamp();
        foreach (var (id, arrived) in _arrivals.ToList())
        {
            if (_time.GetElapsedTime(arrived, now) > s_arrivalRetention)
            {
                _arrivals.Remove(id);
            }
        }
    }
}
