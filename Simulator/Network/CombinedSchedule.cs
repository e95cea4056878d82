namespace DumboFL.Simulator;

/// <summary>Several scheduling adversaries at once (mixed faults), applied in a fixed order.</summary>
public sealed class CombinedSchedule(IReadOnlyList<ISchedulingAdversary> parts) : ISchedulingAdversary
{
    public void OnSend(InFlightMessage message, SimulatedNetwork network)
    {
        foreach (var part in parts)
        {
            part.OnSend(message, network);
        }
    }

    public void OnDeliver(InFlightMessage message)
    {
        foreach (var part in parts)
        {
            part.OnDeliver(message);
        }
    }
}
