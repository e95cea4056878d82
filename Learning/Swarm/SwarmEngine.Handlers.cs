using DumboFL.Learning.Chunks;

namespace DumboFL.Learning.Swarm;

/// <summary>Incoming messages. Each handler opens with its guards and returns false for what it drops (counted by <see cref="Handle"/>).</summary>
public sealed partial class SwarmEngine
{
    /// <summary>Updates and bits a lagging ledger may remember per peer before it tracks them: availability, never bytes.</summary>
    private const int MaxRememberedUpdates = 4096;

    private const long MaxRememberedBits = 1L << 23;

    private const int MaxRememberedRoots = 4 * SwarmCodec.MaxUpdatesPerHandshake;

    private bool Dispatch(SwarmPeer peer, SwarmMessage message) => message switch
    {
        Handshake handshake => OnHandshake(peer, handshake),
        BitfieldMessage bitfield => OnBitfield(peer, bitfield),
        Have have => OnHave(peer, have),
        Interested interested => OnInterested(peer, interested.Value),
        Choke choke => OnChoke(peer, choke.Value),
        Request request => OnRequest(peer, request),
        Piece piece => OnPiece(peer, piece),
        Cancel cancel => OnCancel(peer, cancel),
        KeepAlive => true,
        _ => false,
    };

    private bool OnHandshake(SwarmPeer peer, Handshake handshake)
    {
        if (handshake.Peer != peer.Id || handshake.Updates is null || handshake.Updates.Count > SwarmCodec.MaxUpdatesPerHandshake || handshake.Round < _floor)
        {
            return false;
        }
        foreach (var (client, root) in handshake.Updates)
        {
            if (string.IsNullOrEmpty(client))
            {
                return false;
            }
        }
        foreach (var (client, root) in handshake.Updates)
        {
            var key = (handshake.Round, client);
            if (!peer.Roots.ContainsKey(key) && peer.Roots.Count >= MaxRememberedRoots)
            {
                // Bounded: the oldest round's roots go first, they are the least likely to matter.
                var oldest = peer.Roots.Keys.Min(k => k.Round);
                RemoveWhere(peer.Roots, k => k.Round == oldest);
            }
            peer.Roots[key] = root;
            if (_tracked.TryGetValue(key, out var tracked) && tracked.Update.Root != root)
            {
                Disagree(peer, key);
            }
        }
        return true;
    }

    private bool OnBitfield(SwarmPeer peer, BitfieldMessage message)
    {
        if (string.IsNullOrEmpty(message.Client) || message.Bits is null || message.ChunkCount is < 1 or > SwarmCodec.MaxChunks
            || message.Bits.Length != (message.ChunkCount + 7) / 8 || message.Round < _floor)
        {
            return false;
        }
        if (message.ChunkCount % 8 != 0 && (message.Bits[^1] >> (message.ChunkCount % 8)) != 0)
        {
            return false;
        }
        var key = (message.Round, message.Client);
        var bits = new Bitfield();
        for (var i = 0; i < message.ChunkCount; i++)
        {
            if ((message.Bits[i >> 3] & (1 << (i & 7))) != 0)
            {
                bits.Set(i);
            }
        }
        if (_tracked.TryGetValue(key, out var tracked))
        {
            if (message.ChunkCount != tracked.Count || peer.Disagrees.Contains(key))
            {
                return false;
            }
            peer.Has[key] = bits;
            _interestDirty = _requestsDirty = true;
            return true;
        }
        return Remember(peer, key, bits, message.ChunkCount, replace: true);
    }

    private bool OnHave(SwarmPeer peer, Have have)
    {
        if (string.IsNullOrEmpty(have.Client) || have.Indexes is null || have.Indexes.Count is 0 or > SwarmCodec.MaxChunks || have.Round < _floor)
        {
            return false;
        }
        var key = (have.Round, have.Client);
        var limit = _tracked.TryGetValue(key, out var tracked) ? tracked.Count : SwarmCodec.MaxChunks;
        if (have.Indexes.Any(i => i < 0 || i >= limit))
        {
            return false;
        }
        if (tracked is null)
        {
            var bits = new Bitfield();
            foreach (var index in have.Indexes)
            {
                bits.Set(index);
            }
            return Remember(peer, key, bits, have.Indexes.Max() + 1, replace: false);
        }
        if (peer.Disagrees.Contains(key))
        {
            return false;
        }
        if (!peer.Has.TryGetValue(key, out var has))
        {
            peer.Has[key] = has = new Bitfield();
        }
        foreach (var index in have.Indexes)
        {
            has.Set(index);
        }
        _interestDirty = _requestsDirty = true;
        return true;
    }

    private bool OnInterested(SwarmPeer peer, bool interested)
    {
        peer.PeerInterested = interested;
        // A free slot need not wait for the next choke round: FL rounds are short.
        if (interested && peer.AmChoking && _peerOrder.Count(p => !p.AmChoking) < _options.UploadSlots)
        {
            SetChoking(peer, choking: false);
        }
        return true;
    }

    private bool OnChoke(SwarmPeer peer, bool choking)
    {
        peer.PeerChoking = choking;
        if (choking)
        {
            // A choking peer discards our requests (BitTorrent): free their chunks for others.
            foreach (var chunk in peer.Requests.Keys.ToArray())
            {
                EndRequest(peer, chunk);
            }
        }
        _requestsDirty = true;
        return true;
    }

    private bool OnRequest(SwarmPeer peer, Request request)
    {
        var chunk = new ChunkKey(request.Round, request.Client, request.Index);
        if (peer.AmChoking || string.IsNullOrEmpty(request.Client) || peer.Queued.ContainsKey(chunk)
            || peer.Queued.Count >= MaxQueuedServes || !_store.Has(request.Round, request.Client, request.Index))
        {
            return false;
        }
        var serve = new PendingServe(peer.Id, chunk);
        peer.Queued[chunk] = serve;
        _outbox.Add((peer.Id, null, serve));
        peer.LastSent = _time.GetTimestamp();
        return true;
    }

    private bool OnCancel(SwarmPeer peer, Cancel cancel)
    {
        if (string.IsNullOrEmpty(cancel.Client))
        {
            return false;
        }
        // A cancel for a piece already sent is the normal race, not a fault.
        if (peer.Queued.Remove(new ChunkKey(cancel.Round, cancel.Client, cancel.Index), out var serve))
        {
            serve.Cancelled = true;
        }
        return true;
    }

    private bool OnPiece(SwarmPeer peer, Piece piece)
    {
        if (string.IsNullOrEmpty(piece.Client) || piece.Bytes is null)
        {
            return false;
        }
        Counters.PiecesReceived++;
        Counters.BytesReceived += piece.Bytes.Length;
        var chunk = new ChunkKey(piece.Round, piece.Client, piece.Index);
        if (!_tracked.TryGetValue((piece.Round, piece.Client), out var tracked))
        {
            Counters.PiecesUnwanted++;
            return true;
        }
        if (piece.Index < 0 || piece.Index >= tracked.Count)
        {
            return false;
        }
        var requested = EndRequest(peer, chunk);
        if (!requested || tracked.Held(piece.Index))
        {
            Counters.PiecesUnwanted++;
            return true;
        }
        var hash = tracked.Update.ChunkHashes[piece.Index];
        // A piece of the wrong size cannot match the committed hash: rejected the same way, without hashing it.
        if (piece.Bytes.Length != tracked.Update.ChunkSizes[piece.Index] || !ChunkedUpdate.Verify(piece.Bytes, hash))
        {
            Counters.PiecesRejected++;
            Penalise(peer);
            _requestsDirty = true;
            return true;
        }
        // Committed with the drain's other pieces before any HAVE about it leaves (FlushHaves).
        _store.Put(chunk, hash, piece.Bytes, local: false, verified: true, deferCommit: true);
        Accept(peer, tracked, piece.Index, piece.Bytes.Length);
        return true;
    }

    /// <summary>Availability of an update we do not track yet, kept (bounded) until <see cref="Track"/> adopts it.</summary>
    private bool Remember(SwarmPeer peer, (ulong Round, string Client) key, Bitfield bits, int span, bool replace)
    {
        if (peer.Remembered.TryGetValue(key, out var known))
        {
            var grown = replace ? span : Math.Max(span, known.Span);
            if (peer.RememberedSpan - known.Span + grown > MaxRememberedBits)
            {
                return false;
            }
            peer.RememberedSpan += grown - known.Span;
            if (replace)
            {
                peer.Remembered[key] = new RememberedAvailability(bits, span);
            }
            else
            {
                known.Span = grown;
                for (var i = 0; i < span; i++)
                {
                    if (bits.Get(i))
                    {
                        known.Bits.Set(i);
                    }
                }
            }
            return true;
        }
        if (peer.Remembered.Count >= MaxRememberedUpdates || peer.RememberedSpan + span > MaxRememberedBits)
        {
            return false;
        }
        peer.Remembered[key] = new RememberedAvailability(bits, span);
        peer.RememberedSpan += span;
        return true;
    }

    /// <summary>On <see cref="Track"/>: what the peer told us before our ledger caught up, unless it disagrees about the root.</summary>
    private void AdoptRemembered(SwarmPeer peer, TrackedUpdate tracked)
    {
        var key = tracked.Key;
        if (peer.Remembered.Remove(key, out var remembered))
        {
            peer.RememberedSpan -= remembered.Span;
        }
        if (peer.Roots.TryGetValue(key, out var root) && root != tracked.Update.Root)
        {
            Disagree(peer, key);
            return;
        }
        if (remembered is null)
        {
            return;
        }
        if (remembered.Span > tracked.Count)
        {
            // It announced chunks the committed update does not have.
            Counters.MessagesIgnored++;
            return;
        }
        peer.Has[key] = remembered.Bits;
    }

    /// <summary>The peer announced another root for an update we track: it disagrees about the committed state, so its availability for it is ignored.</summary>
    private void Disagree(SwarmPeer peer, (ulong Round, string Client) key)
    {
        if (peer.Disagrees.Add(key))
        {
            Counters.MessagesIgnored++;
            peer.Has.Remove(key);
            _interestDirty = _requestsDirty = true;
        }
    }

    /// <summary>A piece failed its committed hash: after <see cref="SwarmOptions.BanAfterFailures"/> of them, the sender is banned.</summary>
    private void Penalise(SwarmPeer peer)
    {
        peer.Failures++;
        if (peer.Failures < _options.BanAfterFailures)
        {
            return;
        }
        peer.Banned = true;
        Counters.PeersBanned++;
        if (!peer.AmChoking)
        {
            SetChoking(peer, choking: true);
        }
        foreach (var chunk in peer.Requests.Keys.ToArray())
        {
            EndRequest(peer, chunk);
        }
        peer.Has.Clear();
        peer.Remembered.Clear();
        peer.RememberedSpan = 0;
        _interestDirty = _requestsDirty = true;
    }

    /// <summary>Honest peers never have more queued at us than their byte budget allows in chunks of at least the minimum size.</summary>
    private int MaxQueuedServes => (int)Math.Min(1 << 20, _options.MaxBytesInFlightPerPeer / ChunkedUpdate.MinChunkSize + 64);
}
