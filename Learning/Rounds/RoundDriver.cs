using System.Runtime.CompilerServices;
using DumboFL.Core.Hashing;
using DumboFL.Learning.Aggregation;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Data;
using DumboFL.Learning.Model;
using DumboFL.Learning.Swarm;
using DumboFL.Learning.Training;
using DumboFL.Ledger.Entries;

namespace DumboFL.Learning.Rounds;

/// <summary>Where a node's FL client is in its current round.</summary>
public enum RoundPhase
{
    NotStarted,
    Training,
    /// <summary>Its update is submitted; waiting for the ledger to commit it.</summary>
    Committing,
    /// <summary>Fetching the round's updates and waiting for the ledger to decide the cut.</summary>
    Exchanging,
    Finished,
}

/// <summary>
/// One node's FL client, round after round (ARCHITECTURE.md §9, docs/LEARNING.md): train on the local share → chunk →
/// store → submit <see cref="ChunkCommit"/>s and a <see cref="ModelUpdate"/> → as the ledger commits updates, fetch them
/// through the swarm, each chunk checked against its committed hash → vouch for every update held with an
/// <see cref="UpdateHeld"/> → once the ledger decides the round's cut and every update of it is held, aggregate them in a
/// fixed order (identical bytes at every honest node) → submit the global model's hash as an <see cref="Aggregate"/> → next
/// round. Message-driven and single-threaded: the host calls <see cref="OnBlock"/>, <see cref="OnSwarm"/> and
/// <see cref="Tick"/> from one thread and sends what <see cref="TakeSubmissions"/> and <see cref="TakeOutbox"/> return.
/// </summary>
public sealed class RoundDriver
{
    private readonly FlSettings _settings;
    private readonly string _self;
    private readonly uint _shard;
    private readonly int _clientNumber;
    private readonly ChunkStore _store;
    private readonly SwarmEngine _swarm;
    private readonly Func<ulong, string, Hash32, UpdateHeld> _signHeld;
    private readonly TimeProvider _time;
    private readonly RoundBook _book;
    private readonly ITrainer _trainer;
    private readonly Dataset _local;
    private readonly Dataset _test;
    private readonly List<LedgerEntry> _submissions = [];
    private readonly SortedDictionary<ulong, Vouching> _vouching = [];
    private readonly int _clientCount;
    private readonly int _faults;
    private readonly Dictionary<ulong, ChunkedUpdate> _own = [];

    /// <summary>Sample counts above this are no honest client's: such an update is left out (the same at every node).</summary>
    public const ulong MaxSamples = 1UL << 40;
    private readonly List<RoundResult> _results = [];
    private ModelParameters _global;
    private long _phaseStarted;
    private double _trainMs;
    private double _commitMs;
    private CounterMark _mark;

    /// <param name="self">This node's id, which is also its FL client id.</param>
    /// <param name="clients">The shard's FL clients (its nodes).</param>
    /// <param name="faults">f of the shard.</param>
    /// <param name="clientNumber">This client's place among all clients of the cluster (its share of the data).</param>
    /// <param name="clientCount">All clients of the cluster.</param>
    /// <param name="signHeld">Signs this node's <see cref="UpdateHeld"/> statement for (round, client, root).</param>
    public RoundDriver(FlSettings settings, string self, uint shard, IReadOnlyCollection<string> clients, int faults, int clientNumber, int clientCount,
        ChunkStore store, SwarmEngine swarm, Func<ulong, string, Hash32, UpdateHeld> signHeld, TimeProvider time)
    {
        _settings = settings;
        _self = self;
        _shard = shard;
        _clientNumber = clientNumber;
        _store = store;
        _swarm = swarm;
        _signHeld = signHeld;
        _time = time;
        _faults = faults;
        _clientCount = clients.Count;
        (_local, _test) = settings.Data(clientNumber, clientCount);
        _trainer = settings.Trainer(_test.FeatureCount, _test.ClassCount);
        // Every node starts from the same parameters: round 0's "previous global model".
        _global = _trainer.Initialise(settings.Seed);
        _book = new RoundBook(clients, faults, new UpdateShape(_global.Encode().Length, settings.ChunkSize));
    }

    public ulong Round => Position.Round;

    public RoundPhase Phase => Position.Phase;

    /// <summary>Round and phase as one value, for readers on other threads (<c>GET /fl</c>): never a mix of two moments.</summary>
    public (ulong Round, RoundPhase Phase) Position => Volatile.Read(ref _position).Value;

    private StrongBox<(ulong Round, RoundPhase Phase)> _position = new((0, RoundPhase.NotStarted));

    /// <summary>Finished rounds, oldest first. A copy: safe to read from another thread.</summary>
    public IReadOnlyList<RoundResult> Results
    {
        get
        {
            lock (_results)
            {
                return [.. _results];
            }
        }
    }

    public int LocalExamples => _local.Count;

    public SwarmCounters Swarm => _swarm.Counters;

    /// <summary>Trains and submits round 0.</summary>
    public void Start()
    {
        if (Phase == RoundPhase.NotStarted)
        {
            StartRound(0);
        }
    }

    /// <summary>One committed block's entries, in ledger order (every kind; the FL ones count).</summary>
    public void OnBlock(IEnumerable<LedgerEntry> entries)
    {
        _book.AddBlock(entries);
        foreach (var update in _book.TakeNewlyComplete())
        {
            if (update.Client == _self)
            {
                StoreOwn(update);
                if (update.Round == Round && Phase == RoundPhase.Committing)
                {
                    _commitMs = ElapsedMs();
                    EnterPhase(RoundPhase.Exchanging);
                }
            }
            _swarm.Track(new SwarmUpdate(update.Round, update.Client, update.Root, update.ChunkHashes, update.ChunkSizes));
        }
        Progress();
    }

    public void OnSwarm(string from, SwarmMessage message)
    {
        _swarm.Handle(from, message);
        Progress();
    }

    public void Tick()
    {
        _swarm.Tick();
        Progress();
    }

    public IReadOnlyList<LedgerEntry> TakeSubmissions()
    {
        var taken = _submissions.ToArray();
        _submissions.Clear();
        return taken;
    }

    public IReadOnlyList<SwarmSend> TakeOutbox() => _swarm.TakeOutbox();

    private void StartRound(ulong round)
    {
        _mark = CounterMark.Of(_swarm.Counters);
        EnterPhase(RoundPhase.Training, round);
        var model = new ModelParameters(_global.Layout, _global.Values.ToArray());
        _trainer.Train(model, _local, _settings.Training(round, _clientNumber));
        var update = ChunkedUpdate.Of(model.Encode(), _settings.ChunkSize);
        // Stored only once the ledger commits it as this client's (StoreOwn): anyone may submit an update in another
        // client's name, and if such an update wins, this node must fetch and hold that one like everybody else.
        if (_book.Update(round, _self) is { } taken && taken.Root != update.Root)
        {
            // The ledger already holds another update in this client's name for the round.
            ImpersonatedRounds++;
        }
        else
        {
            _own[round] = update;
        }
        for (var i = 0; i < update.Count; i++)
        {
            _submissions.Add(new ChunkCommit(round, _self, (uint)i, update.Hashes[i], (uint)update.Chunk(i).Length));
        }
        _submissions.Add(new ModelUpdate(round, _self, update.Root, (uint)update.Count, (ulong)_local.Count));
        _trainMs = ElapsedMs();
        _commitMs = 0;
        EnterPhase(RoundPhase.Committing);
        // The ledger may already hold this round's cut (this node lagged): nothing waits on its own update.
        Progress();
    }

    /// <summary>The ledger committed an update in this client's name: its own chunks go to the store if it is its own.</summary>
    private void StoreOwn(CommittedUpdate committed)
    {
        if (!_own.Remove(committed.Round, out var own))
        {
            return;
        }
        if (own.Root != committed.Root)
        {
            // Not this node's update (submitted in its name by someone else): fetched like any other.
            ImpersonatedRounds++;
            return;
        }
        for (var i = 0; i < own.Count; i++)
        {
            _store.Put(new ChunkKey(committed.Round, _self, i), own.Hashes[i], own.Chunk(i).Span, local: true, verified: true);
        }
    }

    /// <summary>Rounds in which the ledger took another update in this client's name than its own.</summary>
    public int ImpersonatedRounds { get; private set; }

    private void Progress()
    {
        foreach (var (round, client) in _swarm.TakeCompleted())
        {
            if (_book.Update(round, client) is { } update)
            {
                if (!_vouching.TryGetValue(round, out var vouching))
                {
                    _vouching[round] = vouching = new Vouching();
                }
                vouching.Held.Add(update);
            }
        }
        Vouch();
        while (Phase is RoundPhase.Committing or RoundPhase.Exchanging && _book.Cut(Round) is { } cut
            && cut.All(u => _swarm.IsComplete(u.Round, u.Client)))
        {
            FinishRound(cut);
        }
    }

    /// <summary>
    /// Submits this node's <see cref="UpdateHeld"/> statements of a round together, once it holds n − f updates and either
    /// every client's update or <see cref="FlSettings.VouchGraceMs"/> has passed since: the
    /// statements of the honest nodes then make every fetchable update available in the same few blocks, so the cut
    /// (taken at n − f available) takes them all instead of the first n − f. After that, each new one goes out at once.
    /// </summary>
    private void Vouch()
    {
        foreach (var (round, vouching) in _vouching)
        {
            var unsent = vouching.Held.Where(u => !vouching.Sent.Contains(u.Client)).ToList();
            if (unsent.Count == 0)
            {
                continue;
            }
            if (!vouching.Opened)
            {
                if (vouching.Held.Count < _book.Quorum)
                {
                    continue;
                }
                vouching.QuorumAt ??= _time.GetTimestamp();
                // Holding every client's update, there is nothing to wait for; otherwise a late ModelUpdate (its client's
                // proposal missed an epoch) or a withheld one gets the grace period.
                if (vouching.Held.Count < _clientCount && _time.GetElapsedTime(vouching.QuorumAt.Value).TotalMilliseconds < _settings.VouchGraceMs)
                {
                    continue;
                }
                vouching.Opened = true;
            }
            foreach (var update in unsent)
            {
                vouching.Sent.Add(update.Client);
                _submissions.Add(_signHeld(round, update.Client, update.Root));
            }
        }
    }

    private void FinishRound(IReadOnlyList<CommittedUpdate> cut)
    {
        var exchangeMs = ElapsedMs();
        if (Phase == RoundPhase.Committing)
        {
            // The cut was decided without waiting for this node's update.
            (_commitMs, exchangeMs) = (exchangeMs, 0);
        }
        EnterPhase(RoundPhase.Exchanging);
        var updates = new List<ClientUpdate>();
        foreach (var update in cut)
        {
            // Bytes that are not a finite model of this layout are dropped the same way at every honest node: all of
            // them hold the same committed bytes.
            if (update.Samples <= MaxSamples && Load(update) is { } model)
            {
                updates.Add(new ClientUpdate(update.Client, model, (long)update.Samples));
            }
        }
        var global = Combine(updates);
        var hash = global.Hash();
        var weight = updates.Aggregate(0UL, (sum, u) => sum + (ulong)u.Samples);
        _submissions.Add(new Aggregate(Round, _shard, hash, weight));
        var evaluation = _trainer.Evaluate(global, _test);
        var counters = _swarm.Counters;
        var result = new RoundResult
        {
            Round = Round,
            ModelHash = hash,
            Accuracy = evaluation.Accuracy,
            Loss = evaluation.Loss,
            Participants = [.. updates.Select(u => u.Client)],
            Weight = weight,
            BytesSent = counters.BytesSent - _mark.BytesSent,
            BytesReceived = counters.BytesReceived - _mark.BytesReceived,
            ChunksRejected = counters.PiecesRejected - _mark.Rejected,
            RequestsSent = counters.RequestsSent - _mark.Requests,
            PiecesAccepted = counters.PiecesAccepted - _mark.Accepted,
            TrainMs = _trainMs,
            CommitMs = _commitMs,
            ExchangeMs = exchangeMs,
            AggregateMs = ElapsedMs(),
        };
        lock (_results)
        {
            _results.Add(result);
        }
        _global = global;
        _store.Prune(Round);
        // Requests for older rounds are still served from the store; only the tracking state goes.
        if (Round > 0)
        {
            _swarm.Forget(Round - 1);
            _book.Forget(Round - 1);
            foreach (var old in _vouching.Keys.Where(r => r < Round - 1).ToList())
            {
                _vouching.Remove(old);
            }
            foreach (var old in _own.Keys.Where(r => r < Round - 1).ToList())
            {
                _own.Remove(old);
            }
        }
        if (Round + 1 < (ulong)_settings.Rounds)
        {
            StartRound(Round + 1);
        }
        else
        {
            EnterPhase(RoundPhase.Finished);
        }
    }

    /// <summary>
    /// The round's global model from its usable updates. Whatever the aggregator refuses (too few updates for Krum, say)
    /// leaves the previous model in place: every honest node has the same updates, so it does so at every node.
    /// </summary>
    private ModelParameters Combine(IReadOnlyList<ClientUpdate> updates)
    {
        if (updates.Count == 0)
        {
            return _global;
        }
        // Krum tolerates b updates with at least 2b + 3 of them: as many as f and the cut allow.
        var options = new AggregationOptions { ByzantineUpdates = Math.Max(0, Math.Min(_faults, (updates.Count - 3) / 2)) };
        try
        {
            return Aggregator.Aggregate(updates, _settings.Aggregator, options);
        }
        catch (ArgumentException)
        {
            return _global;
        }
    }

    /// <summary>
    /// The update as a model, or null when its committed bytes are not a finite model of this layout — decided by the
    /// bytes alone, so the same at every honest node. A chunk this node should hold but does not is a local fault, not
    /// a reason to leave the update out (that would split the nodes): it throws.
    /// </summary>
    private ModelParameters? Load(CommittedUpdate update)
    {
        var chunks = new ReadOnlyMemory<byte>[update.ChunkHashes.Count];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = _store.Get(new ChunkKey(update.Round, update.Client, i))
                ?? throw new InvalidOperationException($"chunk {i} of {update.Client}/{update.Round} is held but not in the chunk store");
        }
        try
        {
            var model = ModelParameters.Decode(ChunkedUpdate.Reassemble(chunks, update.ChunkHashes, update.Root, _settings.ChunkSize));
            return model.Layout.Equals(_global.Layout) && model.Values.All(float.IsFinite) ? model : null;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or InvalidOperationException))
        {
            // Any decoding failure of these bytes (bad header, overflowing shapes, …) is the bytes' fault.
            return null;
        }
    }

    private void EnterPhase(RoundPhase phase, ulong? round = null)
    {
        Volatile.Write(ref _position, new StrongBox<(ulong Round, RoundPhase Phase)>((round ?? Round, phase)));
        _phaseStarted = _time.GetTimestamp();
    }

    private double ElapsedMs() => _time.GetElapsedTime(_phaseStarted).TotalMilliseconds;

    private sealed class Vouching
    {
        public List<CommittedUpdate> Held { get; } = [];

        public HashSet<string> Sent { get; } = new(StringComparer.Ordinal);

        public long? QuorumAt { get; set; }

        public bool Opened { get; set; }
    }

    private readonly record struct CounterMark(long BytesSent, long BytesReceived, long Rejected, long Requests, long Accepted)
    {
        public static CounterMark Of(SwarmCounters c) => new(c.BytesSent, c.BytesReceived, c.PiecesRejected, c.RequestsSent, c.PiecesAccepted);
    }
}
