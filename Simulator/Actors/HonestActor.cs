using DumboFL.Consensus;

namespace DumboFL.Simulator;

public sealed class HonestActor : SimulatedActor
{
    private readonly NodeInstance[] _nodes;

    public HonestActor(int index, ConsensusConfig config, NodeLedger ledger) : base(index)
    {
        Instance = new NodeInstance(config, ledger);
        _nodes = [Instance];
    }

    public NodeInstance Instance { get; }

    public override IReadOnlyList<NodeInstance> Nodes => _nodes;

    public override AdversaryKind? Adversary => null;

    public override void Submit(IReadOnlyList<byte[]> items, Outbox outbox) => outbox.AddAll(Instance.Submit(items));

    public override void Start(Outbox outbox) => outbox.AddAll(Instance.Start());

    public override void Deliver(int from, int toInstance, ConsensusMessage message, Outbox outbox) =>
        outbox.AddAll(Instance.Handle(from, message));
}
