namespace DumboFL.Learning.Swarm;

/// <summary>
/// Upload slots (BitTorrent choking): every choke interval the interested peers that gave us the most recently keep
/// UploadSlots − 1 slots (reciprocity), and one more goes to an optimistic unchoke picked at random and kept for
/// OptimisticEvery intervals, so a peer with nothing to give yet can still get its first chunks.
/// </summary>
public sealed partial class SwarmEngine
{
    private long? _lastChokeRound;
    private int _chokeRounds;
    private SwarmPeer? _optimistic;

    private void ChokeRound()
    {
        foreach (var peer in _peerOrder)
        {
            peer.Rate = peer.Rate / 2 + peer.ReceivedThisInterval;
            peer.ReceivedThisInterval = 0;
        }
        var interested = _peerOrder.Where(p => !p.Banned && p.PeerInterested).ToList();
        // Equal rates are ordered at random (seeded), so a seed with no downloads yet does not always favour the same ids.
        var tieBreak = interested.ToDictionary(p => p, _ => _random.Next());
        var regular = interested.OrderByDescending(p => p.Rate).ThenBy(p => tieBreak[p]).Take(_options.UploadSlots - 1).ToHashSet();
        var rotate = _chokeRounds % _options.OptimisticEvery == 0;
        _chokeRounds++;
        if (rotate || _optimistic is null || _optimistic.Banned || !_optimistic.PeerInterested || regular.Contains(_optimistic))
        {
            var pool = interested.Where(p => !regular.Contains(p)).ToList();
            _optimistic = pool.Count > 0 ? pool[_random.Next(pool.Count)] : null;
        }
        foreach (var peer in _peerOrder)
        {
            var unchoke = !peer.Banned && (regular.Contains(peer) || peer == _optimistic);
            if (peer.AmChoking == unchoke)
            {
                SetChoking(peer, choking: !unchoke);
            }
        }
    }

    /// <summary>Tells the peer; choking it also drops its queued requests (it re-asks once unchoked, as in BitTorrent).</summary>
    private void SetChoking(SwarmPeer peer, bool choking)
    {
        peer.AmChoking = choking;
        if (choking)
        {
            foreach (var serve in peer.Queued.Values)
            {
                serve.Cancelled = true;
            }
            peer.Queued.Clear();
        }
        Send(peer, new Choke(choking));
    }
}
