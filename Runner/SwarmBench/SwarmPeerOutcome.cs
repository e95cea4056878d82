namespace DumboFL.Runner.SwarmBench;

/// <summary>One peer of one run: its idle RSS, when its done line reached the launcher, and its final report.</summary>
public sealed record SwarmPeerOutcome(string Id, bool Source, long IdleRssBytes, double DoneAtMs, PeerReport Done, PeerReport Final)
{
    /// <summary>Peak RSS over its whole life (the source's includes making and storing the update) above its idle RSS.</summary>
    public long PeakAboveIdleBytes => Math.Max(0, Final.PeakRssBytes - IdleRssBytes);
}
