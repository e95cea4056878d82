using DumboFL.Consensus;
using DumboFL.Shards;

namespace DumboFL.Simulator;

public sealed class HonestActor : SimulatedActor
{
    private readonly NodeInstance[] _nodes;

    /// <param name="coordinator">Makes the node's cross-shard coordinator over its ledger, in a cross-shard run.</param>
    public HonestActor(int index, ConsensusConfig config, NodeLedger ledger, Func<NodeLedger, CrossShardCoordinator>? coordinator = null) : base(index)
    {
        Instance = new NodeInstance(config, ledger) { Coordinator = coordinator?.Invoke(ledger) };
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
