using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// An adversary that runs the honest protocol and rewrites what it sends: the rewriting is the only
/// thing its subclasses decide.
/// </summary>
public abstract class RewritingActor : SimulatedActor
{
    private readonly NodeInstance[] _nodes;

    protected RewritingActor(int index, ConsensusConfig config, NodeLedger ledger) : base(index)
    {
        Instance = new NodeInstance(config, ledger);
        _nodes = [Instance];
    }

    protected NodeInstance Instance { get; }

    public override IReadOnlyList<NodeInstance> Nodes => _nodes;

    public override void Submit(IReadOnlyList<byte[]> items, Outbox outbox) => Rewrite(Instance.Submit(items), outbox);

    public override void Start(Outbox outbox) => Rewrite(Instance.Start(), outbox);

    public override void Deliver(int from, int toInstance, ConsensusMessage message, Outbox outbox) =>
        Rewrite(Instance.Handle(from, message), outbox);

    protected abstract void Rewrite(IReadOnlyList<OutgoingMessage> messages, Outbox outbox);
}
