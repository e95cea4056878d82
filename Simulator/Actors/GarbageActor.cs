using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// Runs an honest <see cref="DumboNode"/> and, at a bounded rate, also sends random well-typed messages
/// (<see cref="GarbageMessages"/>) and replays of old-epoch messages it observed, to random peers or to all.
/// </summary>
public sealed class GarbageActor : SimulatedActor
{
    private const double GarbagePerDelivery = 0.3;
    private const double ReplayShare = 0.3;
    private const int ObservedKept = 256;

    private readonly NodeInstance _instance;
    private readonly NodeInstance[] _nodes;
    private readonly int _n;
    private readonly DeterministicRandom _random;
    private readonly GarbageMessages _garbage;
    private readonly List<ConsensusMessage> _observed = [];
    private long _observedCount;
    private long _budget;

    public GarbageActor(int index, ConsensusConfig config, NodeLedger ledger, ulong seed, long budget) : base(index)
    {
        _instance = new NodeInstance(config, ledger);
        _nodes = [_instance];
        _n = config.N;
        _random = DeterministicRandom.For(seed, "garbage", index);
        _garbage = new GarbageMessages(index, _n, DeterministicRandom.For(seed, "garbage-fields", index));
        _budget = budget;
    }

    public override AdversaryKind? Adversary => AdversaryKind.Garbage;

    public override IReadOnlyList<NodeInstance> Nodes => _nodes;

    public long GarbageSent { get; private set; }

    public long ReplaysSent { get; private set; }

    public override void Submit(IReadOnlyList<byte[]> items, Outbox outbox) => outbox.AddAll(_instance.Submit(items));

    public override void Start(Outbox outbox)
    {
        outbox.AddAll(_instance.Start());
        Spray(outbox, 3);
    }

    public override void Deliver(int from, int toInstance, ConsensusMessage message, Outbox outbox)
    {
        Observe(message);
        outbox.AddAll(_instance.Handle(from, message));
        if (_random.Chance(GarbagePerDelivery))
        {
            Spray(outbox, 1);
        }
    }

    /// <summary>Reservoir sample of what it saw, so replays reach back over the whole run with bounded memory.</summary>
    private void Observe(ConsensusMessage message)
    {
        _observedCount++;
        if (_observed.Count < ObservedKept)
        {
            _observed.Add(message);
        }
        else if (_random.Next((int)Math.Min(_observedCount, int.MaxValue)) < ObservedKept)
        {
            _observed[_random.Next(ObservedKept)] = message;
        }
    }

    private void Spray(Outbox outbox, int count)
    {
        for (var i = 0; i < count && _budget > 0; i++, _budget--)
        {
            var current = _instance.Node.CurrentEpoch;
            var old = _observed.Where(m => m.Epoch < current).ToArray();
            ConsensusMessage message;
            if (old.Length > 0 && _random.Chance(ReplayShare))
            {
                message = _random.Pick(old);
                ReplaysSent++;
            }
            else
            {
                message = _garbage.Next(current);
                GarbageSent++;
            }
            var to = _random.Next(4) == 0 ? Destination.All : Destination.To(_random.Next(_n));
            outbox.Send(to, message);
        }
    }
}
