using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// A node that stops: silent from the start when <c>crashAfter</c> is 0, otherwise honest for that many
/// handled messages and then silent for good (messages it already sent stay on the wire).
/// </summary>
public sealed class CrashActor : SimulatedActor
{
    private readonly NodeInstance? _instance;
    private readonly NodeInstance[] _nodes;
    private readonly long _crashAfter;
    private long _handled;

    /// <param name="ledger">Built only for a node that speaks at all (<paramref name="crashAfter"/> &gt; 0).</param>
    public CrashActor(int index, ConsensusConfig config, Func<NodeLedger> ledger, long crashAfter) : base(index)
    {
        _crashAfter = crashAfter;
        _instance = crashAfter > 0 ? new NodeInstance(config, ledger()) : null;
        _nodes = _instance is null ? [] : [_instance];
    }

    public override IReadOnlyList<NodeInstance> Nodes => _nodes;

    public override AdversaryKind? Adversary => AdversaryKind.Crash;

    public bool Crashed => _handled >= _crashAfter;

    public long CrashAfter => _crashAfter;

    public override void Submit(IReadOnlyList<byte[]> items, Outbox outbox)
    {
        if (!Crashed && _instance is not null)
        {
            outbox.AddAll(_instance.Submit(items));
        }
    }

    public override void Start(Outbox outbox)
    {
        if (!Crashed && _instance is not null)
        {
            outbox.AddAll(_instance.Start());
        }
    }

    public override void Deliver(int from, int toInstance, ConsensusMessage message, Outbox outbox)
    {
        if (Crashed || _instance is null)
        {
            return;
        }
        _handled++;
        outbox.AddAll(_instance.Handle(from, message));
    }
}
