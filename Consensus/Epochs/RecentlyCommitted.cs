using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// Hashes of items committed in the last few epochs, so a faulty proposer re-proposing an already
/// committed item cannot get it committed twice. Deterministic: depends only on the committed history,
/// which every honest node shares. (The ledger's duplicate check covers older history.)
/// </summary>
internal sealed class RecentlyCommitted
{
    private readonly int _capacityEpochs;
    private readonly Queue<(ulong Epoch, HashSet<Hash32> Ids)> _epochs = new();

    // The last epoch each id was committed in: one dictionary operation per id to add it and one to expire it.
    private readonly Dictionary<Hash32, ulong> _lastEpoch = [];

    public RecentlyCommitted(int capacityEpochs) => _capacityEpochs = capacityEpochs;

    public bool Contains(Hash32 id) => _lastEpoch.ContainsKey(id);

    public void Add(ulong epoch, HashSet<Hash32> ids)
    {
        _epochs.Enqueue((epoch, ids));
        foreach (var id in ids)
        {
            _lastEpoch[id] = epoch;
        }
        while (_epochs.Count > _capacityEpochs)
        {
            var (expired, expiredIds) = _epochs.Dequeue();
            foreach (var id in expiredIds)
            {
                // An id seen again in a later epoch stays until that epoch expires.
                if (_lastEpoch.Remove(id, out var last) && last != expired)
                {
                    _lastEpoch[id] = last;
                }
            }
        }
    }
}
