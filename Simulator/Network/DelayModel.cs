namespace DumboFL.Simulator;

/// <summary>
/// Random link delays: mostly exponential around one time unit, sometimes much longer, so messages overtake
/// each other the way an asynchronous network allows. Time units are abstract: nothing reads a clock.
/// </summary>
public sealed class DelayModel
{
    public double Mean { get; init; } = 1.0;

    /// <summary>Probability that a message is held up for a long time.</summary>
    public double LongDelayProbability { get; init; } = 0.05;

    public double LongDelayFactor { get; init; } = 25.0;

    public double Sample(DeterministicRandom random)
    {
        var delay = random.NextExponential(Mean);
        if (random.Chance(LongDelayProbability))
        {
            delay += random.NextDouble() * LongDelayFactor * Mean;
        }
        return delay;
    }
}
