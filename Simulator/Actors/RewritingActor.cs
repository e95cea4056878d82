using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// An adversary that runs the honest protocol and rewrites what it sends: the rewriting is the only
/// thing its subclasses decide.
/// </summary>
public abstract class RewritingActor : SimulatedActor
{
    protected RewritingActor(int index, ConsensusConfig config) : base(index) => Instance = new NodeInstance(config);

    protected NodeInstance Instance { get; }

    public override void Submit(IReadOnlyList<byte[]> items, Outbox outbox) => Rewrite(Instance.Submit(items), outbox);

    public override void Start(Outbox outbox) => Rewrite(Instance.Start(), outbox);

    public override void Deliver(int from, int toInstance, ConsensusMessage message, Outbox outbox) =>
        Rewrite(Instance.Handle(from, message), outbox);

    protected abstract void Rewrite(IReadOnlyList<OutgoingMessage> messages, Outbox outbox);
}
