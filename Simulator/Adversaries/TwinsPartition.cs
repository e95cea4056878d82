namespace DumboFL.Simulator;

/// <summary>
/// The scheduler that makes twins dangerous: honest nodes are split into two sides, twin instance 0 lives
/// on side 0 and instance 1 on side 1, and every message crossing sides is slowed down. With f twins
/// neither side can decide without the other's honest nodes; with more than f each side can, which is
/// exactly the case the negative control needs, so there the partition is held far longer.
/// </summary>
public sealed class TwinsPartition : ISchedulingAdversary
{
    private readonly Dictionary<int, int> _honestSide = [];
    private readonly HashSet<int> _twins;
    private readonly DeterministicRandom _random;
    private readonly double _crossDelay;

    public TwinsPartition(IEnumerable<int> honest, IEnumerable<int> twins, bool beyondTolerance, DeterministicRandom random)
    {
        _random = random;
        _twins = [.. twins];
        var shuffled = random.Shuffle(honest.Order());
        for (var i = 0; i < shuffled.Length; i++)
        {
            _honestSide[shuffled[i]] = i % 2;
        }
        // Within f, a crossing message is late by tens of delays: long enough to matter, short enough that the
        // lagging side stays inside the epoch window. Beyond f, long enough for each side to decide alone.
        _crossDelay = beyondTolerance ? 100_000 : 20;
    }

    public void OnSend(InFlightMessage message, SimulatedNetwork network)
    {
        if (Side(message.From, message.FromInstance) is { } from && Side(message.To, message.ToInstance) is { } to && from != to)
        {
            message.DeliverAt += _crossDelay * (0.5 + _random.NextDouble());
        }
    }

    public void OnDeliver(InFlightMessage message)
    {
    }

    private int? Side(int node, int instance) =>
        _twins.Contains(node) ? (instance == InFlightMessage.AllInstances ? null : instance)
        : _honestSide.TryGetValue(node, out var side) ? side : null;
}
