using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>One node index of a simulated shard: an honest <see cref="DumboNode"/> or an adversary playing that index.</summary>
public abstract class SimulatedActor
{
    protected SimulatedActor(int index) => Index = index;

    public int Index { get; }

    /// <summary>Null for an honest node.</summary>
    public abstract AdversaryKind? Adversary { get; }

    public bool IsHonest => Adversary is null;

    /// <summary>How many instances share this index (2 for twins); a message to the index reaches all of them.</summary>
    public virtual int Instances => 1;

    /// <summary>The node instances playing this index (none for a node that never speaks), each with its ledger.</summary>
    public abstract IReadOnlyList<NodeInstance> Nodes { get; }

    /// <summary>Epochs the (first) instance has committed; what load waves wait for.</summary>
    public ulong Progress => Nodes.Count == 0 ? 0 : Nodes[0].Node.CommittedEpochs;

    public abstract void Submit(IReadOnlyList<byte[]> items, Outbox outbox);

    public abstract void Start(Outbox outbox);

    /// <param name="toInstance">The instance addressed, or <see cref="InFlightMessage.AllInstances"/>.</param>
    public abstract void Deliver(int from, int toInstance, ConsensusMessage message, Outbox outbox);
}
