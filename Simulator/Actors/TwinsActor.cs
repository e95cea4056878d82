using DumboFL.Consensus;
using DumboFL.Ledger.Entries;

namespace DumboFL.Simulator;

/// <summary>
/// Two honest <see cref="DumboNode"/>s with one index and one set of keys, but different inputs and
/// proposal seeds: both receive every message addressed to the index, both send, so peers hear two
/// conflicting voices with one identity. A twin's messages to itself stay with that twin (loopback).
/// </summary>
public sealed class TwinsActor : SimulatedActor
{
    private readonly NodeInstance[] _twins;

    public TwinsActor(int index, ConsensusConfig first, NodeLedger firstLedger, ConsensusConfig second, NodeLedger secondLedger) : base(index)
    {
        _twins = [new NodeInstance(first, firstLedger), new NodeInstance(second, secondLedger)];
    }

    public override IReadOnlyList<NodeInstance> Nodes => _twins;

    public override AdversaryKind? Adversary => AdversaryKind.Twins;

    public override int Instances => 2;

    public IReadOnlyList<NodeInstance> Twins => _twins;

    /// <summary>The first twin gets the items; the second gets its own variant of each, so their proposals differ.</summary>
    public override void Submit(IReadOnlyList<byte[]> items, Outbox outbox)
    {
        outbox.AddAll(_twins[0].Submit(items), 0);
        outbox.AddAll(_twins[1].Submit(items.Select(Variant).ToArray()), 1);
    }

    public override void Start(Outbox outbox)
    {
        for (var i = 0; i < _twins.Length; i++)
        {
            outbox.AddAll(_twins[i].Start(), i);
        }
    }

    public override void Deliver(int from, int toInstance, ConsensusMessage message, Outbox outbox)
    {
        for (var i = 0; i < _twins.Length; i++)
        {
            if (toInstance == InFlightMessage.AllInstances || toInstance == i)
            {
                outbox.AddAll(_twins[i].Handle(from, message), i);
            }
        }
    }

    /// <summary>
    /// Another valid entry in place of each item (a payload wrapping it), so the second twin's proposals differ but
    /// still reach the ledger as entries, and never conflict with an honest node's (e.g. a second update of a client).
    /// </summary>
    private static byte[] Variant(byte[] item) => new Payload([.. "twin"u8, .. item]).Encode();
}
