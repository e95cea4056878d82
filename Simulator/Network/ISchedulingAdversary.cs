namespace DumboFL.Simulator;

/// <summary>
/// A scheduler that controls message delays beyond the random ones, as the asynchronous model allows:
/// it sees every message as it is sent and may move any undelivered message's delivery time.
/// </summary>
public interface ISchedulingAdversary
{
    /// <summary>Called once per message after its random delay is drawn and before it is queued.</summary>
    void OnSend(InFlightMessage message, SimulatedNetwork network);

    void OnDeliver(InFlightMessage message);
}
