namespace DumboFL.Learning.Swarm;

/// <summary>
/// What we tell neighbours: the handshake (once, and again for a newer round), bitfields of what we hold when we start
/// tracking, batched HAVEs only for chunks already persisted, interest, keep-alives; and the outbox itself, where a
/// served piece waits as a reference and its bytes are read from the store only when the outbox is taken.
/// </summary>
public sealed partial class SwarmEngine
{
    private readonly List<(string Peer, SwarmMessage? Message, PendingServe? Serve)> _outbox = [];
    private readonly List<(ulong Round, string Client)> _pendingBitfields = [];
    private readonly List<((ulong Round, string Client) Key, List<int> Indexes)> _pendingHaves = [];
    private int _pendingHaveCount;

    private void Send(SwarmPeer peer, SwarmMessage message)
    {
        _outbox.Add((peer.Id, message, null));
        peer.LastSent = _time.GetTimestamp();
    }

    /// <summary>
    /// Handshakes and bitfields wait here from <see cref="Track"/> until the engine next speaks, so a batch of Track
    /// calls makes one handshake that lists them all.
    /// </summary>
    private void FlushAnnouncements()
    {
        if (_newestRound is { } round)
        {
            Handshake? handshake = null;
            foreach (var peer in _peerOrder.Where(p => !p.Banned && p.GreetedRound != round))
            {
                handshake ??= new Handshake(round, _self, _trackedOrder.Where(t => t.Update.Round == round).Select(t => (t.Update.Client, t.Update.Root)).ToArray());
                peer.GreetedRound = round;
                Send(peer, handshake);
            }
        }
        foreach (var key in _pendingBitfields)
        {
            if (_tracked.TryGetValue(key, out var tracked) && tracked.HeldCount > 0)
            {
                var bitfield = new BitfieldMessage(key.Round, key.Client, tracked.Count, tracked.Bits());
                foreach (var peer in _peerOrder.Where(p => !p.Banned))
                {
                    Send(peer, bitfield);
                }
            }
        }
        _pendingBitfields.Clear();
    }

    /// <summary>Called after the chunk is in the store (persist before announcing).</summary>
    private void QueueHave((ulong Round, string Client) key, int index)
    {
        var batch = _pendingHaves.FindIndex(h => h.Key == key);
        if (batch < 0)
        {
            _pendingHaves.Add((key, [index]));
        }
        else
        {
            _pendingHaves[batch].Indexes.Add(index);
        }
        if (++_pendingHaveCount >= _options.HaveBatch)
        {
            FlushHaves();
        }
    }

    /// <summary>Each peer hears only of chunks it does not already hold: it will never ask us for the others.</summary>
    private void FlushHaves()
    {
        // Persist before announcing: the pieces stored since the last flush are committed in one go here.
        _store.Flush();
        foreach (var (key, indexes) in _pendingHaves)
        {
            foreach (var peer in _peerOrder.Where(p => !p.Banned))
            {
                peer.Has.TryGetValue(key, out var theirs);
                var news = theirs is null ? indexes.ToArray() : indexes.Where(i => !theirs.Get(i)).ToArray();
                if (news.Length > 0)
                {
                    Send(peer, new Have(key.Round, key.Client, news));
                }
            }
        }
        _pendingHaves.Clear();
        _pendingHaveCount = 0;
    }

    /// <summary>Interested in a peer exactly while it holds a chunk we miss of an update we track.</summary>
    private void RefreshInterest()
    {
        foreach (var peer in _peerOrder.Where(p => !p.Banned))
        {
            var wanted = _trackedOrder.Any(t => !t.IsComplete && peer.Has.TryGetValue(t.Key, out var bits) && Enumerable.Range(0, t.Count).Any(i => !t.Held(i) && bits.Get(i)));
            if (wanted != peer.AmInterested)
            {
                peer.AmInterested = wanted;
                Send(peer, new Interested(wanted));
            }
        }
    }

    /// <summary>Repeats what each neighbour should know of us: choke, interest, and what we hold of every tracked update.</summary>
    private void RefreshState()
    {
        var bitfields = _trackedOrder.Where(t => t.HeldCount > 0)
            .Select(t => new BitfieldMessage(t.Update.Round, t.Update.Client, t.Count, t.Bits())).ToList();
        foreach (var peer in _peerOrder.Where(p => !p.Banned))
        {
            Send(peer, new Choke(peer.AmChoking));
            Send(peer, new Interested(peer.AmInterested));
            foreach (var bitfield in bitfields)
            {
                Send(peer, bitfield);
            }
        }
    }

    private void SendKeepAlives(long now)
    {
        foreach (var peer in _peerOrder.Where(p => !p.Banned && _time.GetElapsedTime(p.LastSent, now) >= _options.KeepAliveInterval))
        {
            Send(peer, new KeepAlive());
        }
    }

    /// <summary>Reads a queued piece from the store (null if it was pruned meanwhile); the fault injection corrupts it here.</summary>
    private Piece? Serve(PendingServe serve)
    {
        if (_peers.TryGetValue(serve.Peer, out var peer))
        {
            peer.Queued.Remove(serve.Chunk);
        }
        var bytes = _store.Get(serve.Chunk);
        if (bytes is null)
        {
            return null;
        }
        if (_options.CorruptServedPieces)
        {
            bytes[bytes.Length / 2] ^= 0x5A;
        }
        Counters.BytesSent += bytes.Length;
        return new Piece(serve.Chunk.Round, serve.Chunk.Client, serve.Chunk.Index, bytes);
    }
}
