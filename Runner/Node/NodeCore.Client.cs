using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

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
        var accepted = 0;
        foreach (var decoded in submitted.Entries)
        {
            if (decoded.Entry is not { } entry)
            {
                Refuse(rejected, decoded.Index, InvalidReason.Malformed);
                continue;
            }
            // Checked against the committed ledger (a recently committed copy is a duplicate), then straight into the
            // book: no re-decoding. Already pending is not an error for the client.
            if (_book.Check(entry) is { } reason)
            {
                Refuse(rejected, decoded.Index, reason);
                if (reason == InvalidReason.InvalidLeg && entry is CrossShardTx { IsIntraShard: false } leg)
                {
                    // Refused here, the leg is still part of a tx other shards may lock: its abort starts now (CL_M).
                    CrossShardInvalidLegs([leg]);
                }
                continue;
            }
            if (_book.Submit(entry, checkedNow: true) is null)
            {
                _arrivals.TryAdd(entry.Id, submitted.ArrivalTimestamp);
            }
            accepted++;
        }
        if (accepted > 0 && _node is { } node)
        {
            // Starts an epoch if this node was idle; while syncing, the entries wait in the book until it rejoins.
            Process(node.Start());
        }
        return new SubmitOutcome(accepted, rejected, PoolFull: false, _book.Count);
    }

    private void Refuse(List<(int, string)> rejected, int index, InvalidReason reason)
    {
        rejected.Add((index, Simulator.ReasonNames.Of(reason)));
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
