using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>What an actor wants sent after one event, tagged with the instance that sent it (twins have two).</summary>
public sealed class Outbox
{
    public List<(Destination To, ConsensusMessage Message, int FromInstance)> Messages { get; } = [];

    public void Send(Destination to, ConsensusMessage message, int fromInstance = 0) => Messages.Add((to, message, fromInstance));

    public void AddAll(IEnumerable<OutgoingMessage> messages, int fromInstance = 0)
    {
        foreach (var m in messages)
        {
            Messages.Add((m.To, m.Message, fromInstance));
        }
    }

    public void Clear() => Messages.Clear();
}
