using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// The wire of one simulated shard: a priority queue of in-flight messages keyed by (delivery time, send
/// sequence). Single-threaded and deterministic: the only randomness is the seeded delay draw.
/// </summary>
public sealed class SimulatedNetwork
{
    private readonly PriorityQueue<(InFlightMessage Message, int Version), (double Time, long Sequence)> _queue = new();
    private readonly DeterministicRandom _random;
    private readonly DelayModel _delays;
    private long _sequence;

    public SimulatedNetwork(DeterministicRandom random, DelayModel delays)
    {
        _random = random;
        _delays = delays;
    }

    public ISchedulingAdversary? Adversary { get; set; }

    /// <summary>Simulated time: the delivery time of the last message taken off the queue.</summary>
    public double Now { get; private set; }

    public long Sent => _sequence;

    public long Delivered { get; private set; }

    /// <summary>Messages sent and not yet delivered.</summary>
    public long InFlight => _sequence - Delivered;

    public InFlightMessage Send(int from, int fromInstance, int to, int toInstance, ConsensusMessage message)
    {
        var inFlight = new InFlightMessage(_sequence++, from, fromInstance, to, toInstance, message, Now, Now + _delays.Sample(_random));
        Adversary?.OnSend(inFlight, this);
        _queue.Enqueue((inFlight, inFlight.Version), (inFlight.DeliverAt, inFlight.Sequence));
        return inFlight;
    }

    /// <summary>Moves an undelivered message to a new delivery time (never into the past).</summary>
    public void Reschedule(InFlightMessage message, double deliverAt)
    {
        if (message.Delivered)
        {
            return;
        }
        message.DeliverAt = Math.Max(Now, deliverAt);
        message.Version++;
        _queue.Enqueue((message, message.Version), (message.DeliverAt, message.Sequence));
    }

    /// <summary>The delivery time of the next message, without taking it (stale queue entries are dropped on the way).</summary>
    public bool TryPeekTime(out double time)
    {
        while (_queue.TryPeek(out var entry, out var key))
        {
            if (entry.Version != entry.Message.Version || entry.Message.Delivered)
            {
                _queue.Dequeue();
                continue;
            }
            time = Math.Max(Now, key.Time);
            return true;
        }
        time = 0;
        return false;
    }

    /// <summary>Moves simulated time forward to <paramref name="time"/> (an event from outside this wire happened then).</summary>
    public void AdvanceTo(double time) => Now = Math.Max(Now, time);

    public bool TryDeliverNext(out InFlightMessage message)
    {
        while (_queue.TryDequeue(out var entry, out var key))
        {
            if (entry.Version != entry.Message.Version || entry.Message.Delivered)
            {
                continue;
            }
            message = entry.Message;
            message.Delivered = true;
            Now = Math.Max(Now, key.Time);
            Delivered++;
            Adversary?.OnDeliver(message);
            return true;
        }
        message = null!;
        return false;
    }
}
