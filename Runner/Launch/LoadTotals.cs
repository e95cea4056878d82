namespace DumboFL.Runner.Launch;

/// <summary>The load generator's counters at one moment (see <see cref="LoadCounters"/>).</summary>
public sealed record LoadTotals(long Accepted, long Refused, long Throttled, long Failed, long Unreachable, long Dropped, string? LastError)
{
    public static LoadTotals Of(LoadGenerator load) => new(load.Counters.Accepted, load.Counters.Refused, load.Counters.Throttled,
        load.Counters.Failed, load.Counters.Unreachable, load.Dropped, load.Counters.LastError);

    public LoadTotals Since(LoadTotals earlier) => new(Accepted - earlier.Accepted, Refused - earlier.Refused, Throttled - earlier.Throttled,
        Failed - earlier.Failed, Unreachable - earlier.Unreachable, Dropped - earlier.Dropped, LastError);
}
