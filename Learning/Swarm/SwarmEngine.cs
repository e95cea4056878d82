using System.Text;
using DumboFL.Learning.Chunks;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Learning.Swarm;

/// <summary>
/// The BitTorrent-style chunk exchange of one FL node (ARCHITECTURE.md §9) as a pure state machine: messages in through
/// <see cref="Handle"/>, time in through <see cref="Tick"/> and the injected <see cref="TimeProvider"/>, messages out
/// through <see cref="TakeOutbox"/>. No I/O but the chunk store, no threads, no clocks of its own: one writer drives
/// it, and a seed replays a run. Split by concern: this file holds the state and the public surface,
/// <c>.Handlers</c> the incoming messages, <c>.Requests</c> the requester, <c>.Choking</c> the upload slots and
/// <c>.Announcing</c> what we tell neighbours.
/// </summary>
public sealed partial class SwarmEngine
{
    private readonly string _self;
    private readonly ChunkStore _store;
    private readonly SwarmOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly IChunkPicker _picker;
    private readonly Dictionary<string, SwarmPeer> _peers = new(StringComparer.Ordinal);
    private readonly SwarmPeer[] _peerOrder;
    private readonly Dictionary<(ulong Round, string Client), TrackedUpdate> _tracked = [];
    private readonly List<TrackedUpdate> _trackedOrder = [];
    private readonly List<(ulong Round, string Client)> _completed = [];
    private ulong _floor;
    private ulong? _newestRound;
    private bool _interestDirty;
    private bool _requestsDirty;

    public SwarmEngine(string self, IReadOnlyCollection<string> neighbours, ChunkStore store, SwarmOptions options, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Check(options);
        _self = self;
        _store = store;
        _options = options;
        _time = time;
        _random = new Random(MixSeed(options.Seed, self));
        _picker = new PriorityPicker(new RarestFirstPicker(new RandomisedPicker(new StandardPicker(), _random)));
        var now = time.GetTimestamp();
        foreach (var id in neighbours)
        {
            if (string.IsNullOrEmpty(id) || id == self)
            {
                throw new ArgumentException($"'{id}' cannot be a neighbour of '{self}'", nameof(neighbours));
            }
            _peers.TryAdd(id, new SwarmPeer(id, now));
        }
        _peerOrder = _peers.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        _lastChokeRound = null;
    }

    public SwarmCounters Counters { get; } = new();

    public IReadOnlyCollection<string> Banned => _peerOrder.Where(p => p.Banned).Select(p => p.Id).ToArray();

    /// <summary>
    /// Starts exchanging a committed update. Idempotent; chunks already in the store count as held (the node's own
    /// update is stored before it is tracked). Rounds already forgotten are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The update is inconsistent, or conflicts with the one tracked under its (round, client).</exception>
    public void Track(SwarmUpdate update)
    {
        Check(update);
        var key = (update.Round, update.Client);
        if (update.Round < _floor)
        {
            return;
        }
        if (_tracked.TryGetValue(key, out var existing))
        {
            if (existing.Update.Root != update.Root)
            {
                throw new ArgumentException($"{update.Client}/{update.Round} is already tracked with root {existing.Update.Root}, not {update.Root}", nameof(update));
            }
            return;
        }
        var tracked = new TrackedUpdate(update, _store.Present(update.Round, update.Client));
        _tracked[key] = tracked;
        _trackedOrder.Add(tracked);
        _trackedOrder.Sort((a, b) => a.Update.Round != b.Update.Round ? a.Update.Round.CompareTo(b.Update.Round) : string.CompareOrdinal(a.Update.Client, b.Update.Client));
        if (tracked.IsComplete)
        {
            _completed.Add(key);
        }
        foreach (var peer in _peerOrder)
        {
            AdoptRemembered(peer, tracked);
        }
        if (_newestRound is null || update.Round > _newestRound)
        {
            _newestRound = update.Round;
        }
        if (tracked.HeldCount > 0)
        {
            _pendingBitfields.Add(key);
        }
        _interestDirty = _requestsDirty = true;
    }

    /// <summary>Drops all state (tracked updates, peer availability, requests, pending HAVEs) of rounds below <paramref name="belowRound"/>.</summary>
    public void Forget(ulong belowRound)
    {
        if (belowRound <= _floor)
        {
            return;
        }
        _floor = belowRound;
        bool Old((ulong Round, string Client) key) => key.Round < belowRound;
        foreach (var key in _tracked.Keys.Where(Old).ToArray())
        {
            _tracked.Remove(key);
        }
        _trackedOrder.RemoveAll(t => Old(t.Key));
        _pendingBitfields.RemoveAll(Old);
        _pendingHaves.RemoveAll(h => Old(h.Key));
        _pendingHaveCount = _pendingHaves.Sum(h => h.Indexes.Count);
        foreach (var peer in _peerOrder)
        {
            RemoveWhere(peer.Has, Old);
            RemoveWhere(peer.Roots, Old);
            peer.Disagrees.RemoveWhere(Old);
            foreach (var key in peer.Remembered.Keys.Where(Old).ToArray())
            {
                peer.RememberedSpan -= peer.Remembered[key].Span;
                peer.Remembered.Remove(key);
            }
            foreach (var chunk in peer.Requests.Keys.Where(c => c.Round < belowRound).ToArray())
            {
                peer.BytesInFlight -= peer.Requests[chunk].Size;
                peer.Requests.Remove(chunk);
            }
            RemoveWhere(peer.Avoid, c => c.Round < belowRound);
        }
        _interestDirty = _requestsDirty = true;
    }

    /// <summary>A message from a neighbour. Never throws for anything a peer can send: what is not acceptable is counted and dropped.</summary>
    public void Handle(string from, SwarmMessage message)
    {
        if (from is null || message is null || !_peers.TryGetValue(from, out var peer) || peer.Banned)
        {
            Counters.MessagesIgnored++;
            return;
        }
        Settle();
        if (!Dispatch(peer, message))
        {
            Counters.MessagesIgnored++;
        }
        Settle();
    }

    /// <summary>Time passes: request timeouts, the choke round when due, keep-alives, then (re)issuing requests.</summary>
    private long? _lastRefresh;

    public void Tick()
    {
        Settle();
        var now = _time.GetTimestamp();
        ExpireRequests(now);
        if (_lastChokeRound is not { } last || _time.GetElapsedTime(last, now) >= _options.ChokeInterval)
        {
            ChokeRound();
            _lastChokeRound = now;
        }
        SendKeepAlives(now);
        if (_options.StateRefreshInterval > TimeSpan.Zero)
        {
            if (_lastRefresh is not { } refreshed)
            {
                _lastRefresh = now;
            }
            else if (_time.GetElapsedTime(refreshed, now) >= _options.StateRefreshInterval)
            {
                RefreshState();
                _lastRefresh = now;
            }
        }
        _requestsDirty = true;
        Settle();
    }

    /// <summary>Everything to send since the last call, in order, with batched HAVEs flushed and served pieces read from the store.</summary>
    public IReadOnlyList<SwarmSend> TakeOutbox()
    {
        Settle();
        FlushHaves();
        var sends = new List<SwarmSend>(_outbox.Count);
        foreach (var (peer, message, serve) in _outbox)
        {
            if (serve is null)
            {
                sends.Add(new SwarmSend(peer, message!));
            }
            else if (!serve.Cancelled && Serve(serve) is { } piece)
            {
                sends.Add(new SwarmSend(peer, piece));
            }
        }
        _outbox.Clear();
        return sends;
    }

    /// <summary>Updates whose every chunk became held since the last call (including ones complete when tracked), each once.</summary>
    public IReadOnlyList<(ulong Round, string Client)> TakeCompleted()
    {
        // Complete means stored for good: whoever hears of it may vouch for it.
        _store.Flush();
        var completed = _completed.ToArray();
        _completed.Clear();
        return completed;
    }

    public bool IsComplete(ulong round, string client) => _tracked.TryGetValue((round, client), out var tracked) && tracked.IsComplete;

    /// <summary>Brings what we tell neighbours up to date after state changed: announcements, interest, then requests.</summary>
    private void Settle()
    {
        FlushAnnouncements();
        if (_interestDirty)
        {
            _interestDirty = false;
            RefreshInterest();
        }
        if (_requestsDirty)
        {
            _requestsDirty = false;
            IssueRequests();
        }
    }

    private static void Check(SwarmOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.UploadSlots, 1, nameof(options.UploadSlots));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ChokeInterval, TimeSpan.Zero, nameof(options.ChokeInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OptimisticEvery, 1, nameof(options.OptimisticEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytesInFlightPerPeer, 1, nameof(options.MaxBytesInFlightPerPeer));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRequestsPerChunkInEndGame, 1, nameof(options.MaxRequestsPerChunkInEndGame));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options.RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BanAfterFailures, 1, nameof(options.BanAfterFailures));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.KeepAliveInterval, TimeSpan.Zero, nameof(options.KeepAliveInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HaveBatch, 1, nameof(options.HaveBatch));
    }

    private static void Check(SwarmUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.Client, nameof(update));
        var count = update.ChunkHashes?.Count ?? 0;
        if (count is 0 or > SwarmCodec.MaxChunks || update.ChunkSizes is null || update.ChunkSizes.Count != count)
        {
            throw new ArgumentException($"{update.Client}/{update.Round}: {count} chunk hashes and {update.ChunkSizes?.Count ?? 0} sizes", nameof(update));
        }
        if (update.ChunkSizes.Any(size => size is < 1 or > SwarmCodec.MaxPieceBytes))
        {
            throw new ArgumentException($"{update.Client}/{update.Round}: a chunk size outside 1..{SwarmCodec.MaxPieceBytes}", nameof(update));
        }
        if (MerkleRoot.Compute(update.ChunkHashes!.ToArray()) != update.Root)
        {
            throw new ArgumentException($"{update.Client}/{update.Round}: the chunk hashes do not make the root {update.Root}", nameof(update));
        }
    }

    /// <summary>Seed and node id together (FNV-1a of the id): one seed for the whole swarm, yet nodes break ties differently.</summary>
    private static int MixSeed(int seed, string self)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var b in Encoding.UTF8.GetBytes(self))
            {
                hash = (hash ^ b) * 16777619u;
            }
            return seed ^ (int)hash;
        }
    }

    private static void RemoveWhere<TKey, TValue>(Dictionary<TKey, TValue> dictionary, Func<TKey, bool> predicate)
        where TKey : notnull
    {
        foreach (var key in dictionary.Keys.Where(predicate).ToArray())
        {
            dictionary.Remove(key);
        }
    }
}
