using DumboFL.Learning.Chunks;

namespace DumboFL.Learning.Swarm;

/// <summary>
/// The requester: which chunk to ask of which peer. Normal mode asks each missing chunk of one peer, spreading chunks
/// over the peers that unchoke us (one at a time per peer, round robin, in picker order) up to each peer's byte budget.
/// End-game starts only once every missing chunk has a request out; then peers with nothing outstanding also get
/// chunks already asked of a slower peer, at most <see cref="SwarmOptions.MaxRequestsPerChunkInEndGame"/> per chunk.
/// A duplicate is pure waste unless the first request is stuck, so only idle peers get them, and only for requests
/// that have waited a fifth of the request timeout (a second by default): pieces still streaming in are left alone.
/// </summary>
public sealed partial class SwarmEngine
{
    private void IssueRequests()
    {
        var usable = _peerOrder.Where(p => !p.Banned && !p.PeerChoking).ToList();
        if (usable.Count == 0 || !usable.Any(p => p.BytesInFlight < _options.MaxBytesInFlightPerPeer))
        {
            return;
        }
        var now = _time.GetTimestamp();
        var fresh = new List<ChunkCandidate>();
        var unrequested = 0;
        foreach (var tracked in _trackedOrder)
        {
            for (var i = 0; i < tracked.Count && !tracked.IsComplete; i++)
            {
                if (tracked.Held(i) || tracked.InFlight[i] > 0)
                {
                    continue;
                }
                unrequested++;
                var availability = Availability(usable, tracked, i);
                if (availability > 0)
                {
                    fresh.Add(new ChunkCandidate(tracked.Chunk(i), tracked.Update.Priority, availability));
                }
            }
        }
        if (fresh.Count > 0)
        {
            var order = new List<ChunkCandidate>(fresh.Count);
            _picker.Order(fresh, order);
            unrequested -= Assign(usable, order, maxPerChunk: 1, now);
        }
        if (unrequested == 0)
        {
            EndGame(usable, now);
        }
    }

    private void EndGame(List<SwarmPeer> usable, long now)
    {
        var idle = usable.Where(p => p.Requests.Count == 0).ToList();
        if (idle.Count == 0)
        {
            return;
        }
        var stragglers = new List<ChunkCandidate>();
        foreach (var tracked in _trackedOrder)
        {
            for (var i = 0; i < tracked.Count && !tracked.IsComplete; i++)
            {
                if (!tracked.Held(i) && tracked.InFlight[i] < _options.MaxRequestsPerChunkInEndGame && Waiting(tracked.Chunk(i), now))
                {
                    stragglers.Add(new ChunkCandidate(tracked.Chunk(i), tracked.Update.Priority, Availability(usable, tracked, i)));
                }
            }
        }
        if (stragglers.Count > 0)
        {
            var order = new List<ChunkCandidate>(stragglers.Count);
            _picker.Order(stragglers, order);
            Assign(idle, order, _options.MaxRequestsPerChunkInEndGame, now);
        }
    }

    /// <summary>
    /// Round robin over the peers: each takes the first chunk in <paramref name="order"/> it holds and may be asked for,
    /// until no peer can take one more (its budget is spent or it holds nothing left). Returns the requests sent.
    /// </summary>
    private int Assign(List<SwarmPeer> peers, List<ChunkCandidate> order, int maxPerChunk, long now)
    {
        var cursors = new int[peers.Count];
        var done = new bool[peers.Count];
        var sent = 0;
        for (var progress = true; progress;)
        {
            progress = false;
            for (var p = 0; p < peers.Count; p++)
            {
                var peer = peers[p];
                while (!done[p] && cursors[p] < order.Count)
                {
                    var chunk = order[cursors[p]].Chunk;
                    var tracked = _tracked[(chunk.Round, chunk.Client)];
                    var size = tracked.Update.ChunkSizes[chunk.Index];
                    if (tracked.Held(chunk.Index) || tracked.InFlight[chunk.Index] >= maxPerChunk || !MayAsk(peer, tracked, chunk, now))
                    {
                        cursors[p]++;
                        continue;
                    }
                    if (peer.BytesInFlight > 0 && peer.BytesInFlight + size > _options.MaxBytesInFlightPerPeer)
                    {
                        done[p] = true;
                        break;
                    }
                    cursors[p]++;
                    SendRequest(peer, tracked, chunk, size, now);
                    sent++;
                    progress = true;
                    break;
                }
            }
        }
        return sent;
    }

    /// <summary>Whether the chunk's outstanding request has waited long enough to look stuck.</summary>
    private bool Waiting(ChunkKey chunk, long now)
    {
        var patience = _options.RequestTimeout / 5;
        return _peerOrder.Any(p => p.Requests.TryGetValue(chunk, out var request) && _time.GetElapsedTime(request.SentAt, now) >= patience);
    }

    private static bool Holds(SwarmPeer peer, TrackedUpdate tracked, int index) =>
        peer.Has.TryGetValue(tracked.Key, out var bits) && bits.Get(index);

    private static bool MayAsk(SwarmPeer peer, TrackedUpdate tracked, ChunkKey chunk, long now) =>
        Holds(peer, tracked, chunk.Index) && !peer.Requests.ContainsKey(chunk)
        && !(peer.Avoid.TryGetValue(chunk, out var until) && now < until);

    /// <summary>Rarest-first counts holders among the peers we could ask now: unchoking us and not banned.</summary>
    private static int Availability(List<SwarmPeer> usable, TrackedUpdate tracked, int index)
    {
        var count = 0;
        foreach (var peer in usable)
        {
            if (Holds(peer, tracked, index))
            {
                count++;
            }
        }
        return count;
    }

    private void SendRequest(SwarmPeer peer, TrackedUpdate tracked, ChunkKey chunk, int size, long now)
    {
        peer.Requests[chunk] = (now, size);
        peer.BytesInFlight += size;
        tracked.InFlight[chunk.Index]++;
        Counters.RequestsSent++;
        Send(peer, new Request(chunk.Round, chunk.Client, chunk.Index));
    }

    /// <summary>Withdraws our request for <paramref name="chunk"/> at <paramref name="peer"/>, if there is one.</summary>
    private bool EndRequest(SwarmPeer peer, ChunkKey chunk)
    {
        if (!peer.Requests.Remove(chunk, out var request))
        {
            return false;
        }
        peer.BytesInFlight -= request.Size;
        if (_tracked.TryGetValue((chunk.Round, chunk.Client), out var tracked))
        {
            tracked.InFlight[chunk.Index]--;
        }
        _requestsDirty = true;
        return true;
    }

    /// <summary>A verified piece is stored: cancel every other request for it, announce it, note completion.</summary>
    private void Accept(SwarmPeer from, TrackedUpdate tracked, int index, int length)
    {
        tracked.MarkHeld(index);
        Counters.PiecesAccepted++;
        from.ReceivedThisInterval += length;
        var chunk = tracked.Chunk(index);
        foreach (var peer in _peerOrder)
        {
            if (EndRequest(peer, chunk))
            {
                Counters.CancelsSent++;
                Send(peer, new Cancel(chunk.Round, chunk.Client, chunk.Index));
            }
            peer.Avoid.Remove(chunk);
        }
        QueueHave(tracked.Key, index);
        if (tracked.IsComplete)
        {
            _completed.Add(tracked.Key);
        }
        _interestDirty = _requestsDirty = true;
    }

    /// <summary>Requests unanswered for <see cref="SwarmOptions.RequestTimeout"/> are withdrawn (and cancelled) so another peer can serve the chunk.</summary>
    private void ExpireRequests(long now)
    {
        foreach (var peer in _peerOrder)
        {
            RemoveWhere(peer.Avoid, chunk => now >= peer.Avoid[chunk]);
            var expired = peer.Requests.Where(r => _time.GetElapsedTime(r.Value.SentAt, now) >= _options.RequestTimeout).Select(r => r.Key).ToArray();
            foreach (var chunk in expired)
            {
                EndRequest(peer, chunk);
                peer.Avoid[chunk] = now + (long)(_options.RequestTimeout.TotalSeconds * _time.TimestampFrequency);
                Counters.CancelsSent++;
                Send(peer, new Cancel(chunk.Round, chunk.Client, chunk.Index));
            }
        }
    }
}
