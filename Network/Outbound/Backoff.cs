namespace DumboFL.Network.Outbound;

/// <summary>Reconnect delays: exponential from the minimum, capped, with jitter so that nodes that lost a
/// peer at the same moment do not all redial it in lock step.</summary>
internal static class Backoff
{
    /// <summary>
    /// The ceiling is min·2^attempt (at most max); the delay is drawn from [ceiling/2, ceiling] by
    /// <paramref name="unitRandom"/> in [0, 1) and never leaves [min, max].
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, double unitRandom)
    {
        var ceiling = Math.Min(max.Ticks, min.Ticks * Math.Pow(2, Math.Clamp(attempt, 0, 40)));
        var ticks = ceiling * (0.5 + (0.5 * Math.Clamp(unitRandom, 0, 1)));
        return TimeSpan.FromTicks((long)Math.Clamp(ticks, min.Ticks, max.Ticks));
    }
}
