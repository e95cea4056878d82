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
    private readonly Dictionary<Hash32, int> _counts = [];

    public RecentlyCommitted(int capacityEpochs) => _capacityEpochs = capacityEpochs;

    public bool Contains(Hash32 id) => _counts.ContainsKey(id);

    public void Add(ulong epoch, HashSet<Hash32> ids)
    {
        _epochs.Enqueue((epoch, ids));
        foreach (var id in ids)
        {
            _counts[id] = _counts.GetValueOrDefault(id) + 1;
        }
        while (_epochs.Count > _capacityEpochs)
        {
            foreach (var id in _epochs.Dequeue().Ids)
            {
                if (--_counts[id] == 0)
                {
                    _counts.Remove(id);
                }
            }
        }
    }
}
