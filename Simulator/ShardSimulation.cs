using System.Diagnostics;
using DumboFL.Consensus;
using DumboFL.Core.Crypto;

namespace DumboFL.Simulator;

/// <summary>
/// One shard of n nodes run to the end on the simulated network: every honest node is given its items,
/// started, and fed messages in the order the seeded scheduler picks until nothing is left on the wire
/// (or a cap is hit, which counts as non-termination). Single-threaded: one seed, one run.
/// </summary>
public sealed partial class ShardSimulation
{
    private const int ProgressEvery = 2000;

    private readonly SimulationOptions _options;
    private readonly int _shard;
    private readonly ulong _seed;
    private readonly ShardKeys _keys;
    private readonly SigningDomain _domain;
    private readonly SimulatedActor[] _actors;
    private readonly List<HonestActor> _honest = [];
    private readonly SimulatedNetwork _network;
    private readonly List<KeyValuePair<string, Func<long>>> _stats = [];
    private readonly Action<ShardProgress>? _progress;
    private readonly long _maxDeliveries;
    private readonly long _maxEpoch;
    private readonly Outbox _outbox = new();
    private readonly ShardLoad? _customLoad;
    private readonly CrossShardLink? _link;
    private Stopwatch _clock = new();
    private ShardLoad _load = null!;
    private IReadOnlyList<LoadWave>[] _waves = [];
    private int[] _nextWave = [];
    private readonly HashSet<byte[]> _submittedToHonest = new(ByteArrayComparer.Instance);
    private long _maxStartedEpoch = -1;
    private string? _stopped;

    /// <param name="load">What each node is given and when; null for the load the options describe (<see cref="ItemLoad"/>).</param>
    /// <param name="link">The other shards of a cross-shard run: honest nodes then run the cross-shard protocol.</param>
    public ShardSimulation(SimulationOptions options, int shard, ShardKeys? keys = null, Action<ShardProgress>? progress = null, ShardLoad? load = null,
        CrossShardLink? link = null)
    {
        if (load is not null && load.Nodes != options.Nodes)
        {
            throw new ArgumentException($"the load is for {load.Nodes} nodes, the run has {options.Nodes}", nameof(load));
        }
        _options = options;
        _customLoad = load;
        _link = link;
        _shard = shard;
        _seed = SeedDerivation.Derive(options.Seed, "shard", shard);
        _keys = keys ?? ShardKeys.Create(options.Nodes, _seed);
        if (_keys.Committee.N != options.Nodes)
        {
            throw new ArgumentException($"keys are for {_keys.Committee.N} nodes, the run has {options.Nodes}", nameof(keys));
        }
        _domain = new SigningDomain(Core.Hashing.Hash32.Of(BitConverter.GetBytes(options.Seed)), (uint)shard);
        _progress = progress;
        _network = new SimulatedNetwork(DeterministicRandom.For(_seed, "network"), new DelayModel());
        _actors = CreateActors();
        _network.Adversary = CreateScheduler();
        (_maxDeliveries, _maxEpoch) = Caps();
    }

    public IReadOnlyList<SimulatedActor> Actors => _actors;

    public ShardResult Run()
    {
        Begin();
        while (!IsStopped && _network.TryPeekTime(out _))
        {
            DeliverNext();
        }
        return Finish();
    }

    /// <summary>Simulated time on this shard's wire.</summary>
    public double Now => _network.Now;

    /// <summary>A cap was hit: the run counts as not terminating.</summary>
    public bool IsStopped => _stopped is not null;

    /// <summary>When the next message on this shard's wire is due, if there is one.</summary>
    public bool TryPeekTime(out double time) => _network.TryPeekTime(out time);

    /// <summary>Gives every node its first wave and starts it.</summary>
    public void Begin()
    {
        _clock = Stopwatch.StartNew();
        _load = _customLoad ?? ItemLoad.Create(_options.Nodes, _shard, _options.Epochs, _options.Batch, _options.TxSize, _seed, _options.Invalid);
        _waves = _actors.Select(a => _load.Waves(a.Index)).ToArray();
        _nextWave = new int[_actors.Length];
        foreach (var actor in _actors)
        {
            // Every node is given its first wave (possibly nothing) before anyone starts.
            if (!SubmitDueWaves(actor))
            {
                Step(actor, outbox => actor.Submit([], outbox));
            }
        }
        foreach (var actor in _actors)
        {
            Step(actor, actor.Start);
        }
    }

    /// <summary>Delivers the next message on this shard's wire (the caller checked there is one).</summary>
    public void DeliverNext()
    {
        if (_network.TryDeliverNext(out var message))
        {
            var actor = _actors[message.To];
            Step(actor, outbox => actor.Deliver(message.From, message.ToInstance, message.Message, outbox));
            if (_network.Delivered >= _maxDeliveries && _network.InFlight > 0)
            {
                _stopped = $"still running after {_network.Delivered} delivered messages (cap), slowest honest node at epoch {MinCommitted()}";
            }
            else if (_maxStartedEpoch > _maxEpoch)
            {
                _stopped = $"honest nodes went on to epoch {_maxStartedEpoch}, past the cap of {_maxEpoch} for {_options.Epochs} epochs of load";
            }
            if (_progress is not null && _network.Delivered % ProgressEvery == 0)
            {
                _progress(new ShardProgress(_shard, MinCommitted(), _options.Epochs, _network.Delivered, _network.Now));
            }
        }
    }

    /// <summary>Checks the run and reports it.</summary>
    public ShardResult Finish()
    {
        var record = new RunRecord(_honest, _load, _submittedToHonest, _maxStartedEpoch, _options.Epochs, _stopped);
        _progress?.Invoke(new ShardProgress(_shard, MinCommitted(), _options.Epochs, _network.Delivered, _network.Now));
        return Report(record, RunChecker.Check(record), _clock.Elapsed);
    }

    /// <summary>Stops the run from outside (another shard of a cross-shard run hit its cap).</summary>
    public void Stop(string reason) => _stopped ??= reason;

    private ulong MinCommitted() => _honest.Count == 0 ? 0 : _honest.Min(h => h.Instance.Node.CommittedEpochs);

    private void Step(SimulatedActor actor, Action<Outbox> action)
    {
        _outbox.Clear();
        action(_outbox);
        Route(actor, _outbox);
        if (actor is HonestActor honest && honest.Instance.StartedThrough > _maxStartedEpoch)
        {
            _maxStartedEpoch = honest.Instance.StartedThrough;
            ReleaseHeld();
        }
        SubmitDueWaves(actor);
    }

    /// <summary>Gives the actor every wave of its load that is due (it has committed enough epochs); true if any was.</summary>
    private bool SubmitDueWaves(SimulatedActor actor)
    {
        var waves = _waves[actor.Index];
        var any = false;
        while (_nextWave[actor.Index] < waves.Count && waves[_nextWave[actor.Index]].AfterEpochs <= actor.Progress)
        {
            var wave = waves[_nextWave[actor.Index]++];
            if (actor.IsHonest)
            {
                _submittedToHonest.UnionWith(wave.Items);
            }
            any = true;
            Step(actor, outbox => actor.Submit(wave.Items, outbox));
        }
        return any;
    }

    /// <summary>
    /// A run with E epochs of load needs about E epochs (more when a node's proposals keep missing the
    /// decided set); the caps sit far above that, so hitting one means the run would not end.
    /// </summary>
    private (long Deliveries, long Epoch) Caps()
    {
        var n = (long)_options.Nodes;
        var epochs = (3L * _options.Epochs) + 20;
        var perEpoch = (16 * n * n * n) + (400 * n * n);
        var deliveries = _options.MaxDeliveries > 0 ? _options.MaxDeliveries : epochs * perEpoch;
        return (deliveries, epochs);
    }
}
