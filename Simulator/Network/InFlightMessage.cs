using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>One message on the simulated wire. A scheduler may move its delivery time until it is delivered.</summary>
public sealed class InFlightMessage
{
    /// <summary>Every instance of the recipient (only twins have more than one).</summary>
    public const int AllInstances = -1;

    internal InFlightMessage(long sequence, int from, int fromInstance, int to, int toInstance, ConsensusMessage message, double sentAt, double deliverAt)
    {
        Sequence = sequence;
        From = from;
        FromInstance = fromInstance;
        To = to;
        ToInstance = toInstance;
        Message = message;
        SentAt = sentAt;
        DeliverAt = deliverAt;
    }

    /// <summary>Send order; breaks ties between equal delivery times so the order never depends on the queue's internals.</summary>
    public long Sequence { get; }

    public int From { get; }

    /// <summary>Which instance of the sender sent it (always 0 except for twins).</summary>
    public int FromInstance { get; }

    public int To { get; }

    public int ToInstance { get; }

    public ConsensusMessage Message { get; }

    public double SentAt { get; }

    public double DeliverAt { get; internal set; }

    /// <summary>Bumped on every reschedule; stale queue entries carry an older version and are skipped.</summary>
    internal int Version { get; set; }

    public bool Delivered { get; internal set; }

    public override string ToString() => $"#{Sequence} {From}.{FromInstance}→{To} @{DeliverAt:F3} {Message}";
}
