using DumboFL.Consensus;

namespace DumboFL.Simulator;

public sealed partial class ShardSimulation
{
    private readonly List<(int From, int FromInstance, Destination To, ConsensusMessage Message)> _held = [];

    /// <summary>
    /// Faulty nodes may not open epochs on their own: a message of theirs for an epoch no honest node has
    /// started (but close enough that honest nodes would buffer it) waits until one has. Otherwise a
    /// Byzantine node with work left could keep the shard running empty epochs forever, which is liveness
    /// the adversary buys, not a protocol failure. Messages far beyond the window pass: they must be refused.
    /// </summary>
    private bool MustHold(SimulatedActor actor, ConsensusMessage message)
    {
        if (actor.IsHonest || (_maxStartedEpoch >= 0 && message.Epoch <= (ulong)_maxStartedEpoch))
        {
            return false;
        }
        var reference = _maxStartedEpoch < 0 ? 0UL : (ulong)_maxStartedEpoch;
        return message.Epoch <= reference + (ulong)_epochWindow;
    }

    private void Route(SimulatedActor actor, Outbox outbox)
    {
        foreach (var (to, message, fromInstance) in outbox.Messages)
        {
            if (MustHold(actor, message))
            {
                _held.Add((actor.Index, fromInstance, to, message));
                continue;
            }
            Dispatch(actor.Index, fromInstance, to, message);
        }
    }

    private void ReleaseHeld()
    {
        if (_held.Count == 0)
        {
            return;
        }
        var ready = _held.Where(h => h.Message.Epoch <= (ulong)_maxStartedEpoch).ToArray();
        _held.RemoveAll(h => h.Message.Epoch <= (ulong)_maxStartedEpoch);
        foreach (var (from, fromInstance, to, message) in ready)
        {
            Dispatch(from, fromInstance, to, message);
        }
    }

    /// <summary>
    /// Puts one message per recipient on the wire. Everyone's broadcasts include themselves; a node's
    /// message to itself goes back to the instance that sent it, and a message to a twinned index goes to
    /// each twin separately (two machines, two deliveries).
    /// </summary>
    private void Dispatch(int from, int fromInstance, Destination to, ConsensusMessage message)
    {
        if (!to.IsAll && (to.Node < 0 || to.Node >= _actors.Length))
        {
            return;
        }
        var first = to.IsAll ? 0 : to.Node;
        var last = to.IsAll ? _actors.Length - 1 : to.Node;
        for (var node = first; node <= last; node++)
        {
            if (node == from)
            {
                _network.Send(from, fromInstance, node, fromInstance, message);
            }
            else if (_actors[node].Instances == 1)
            {
                _network.Send(from, fromInstance, node, InFlightMessage.AllInstances, message);
            }
            else
            {
                for (var instance = 0; instance < _actors[node].Instances; instance++)
                {
                    _network.Send(from, fromInstance, node, instance, message);
                }
            }
        }
    }
}
