using DumboFL.Learning.Swarm;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// One run of one topology: go → the last peer's done line, against the loopback bandwidth measured just before.
/// The bound is the update's size at loopback speed: the time one stream would take to carry it once.
/// </summary>
public sealed record SwarmRunResult(TopologyKind Topology, int Run, long SizeBytes, LoopbackBandwidth Loopback, double SpreadMs,
    IReadOnlyList<SwarmPeerOutcome> Peers)
{
    public IEnumerable<SwarmPeerOutcome> Receivers => Peers.Where(p => !p.Source);

    /// <summary>The warm-up spread before go (the slowest peer's own clock), 0 without one.</summary>
    public double WarmupMs { get; init; }

    public double BoundMs => SizeBytes / Loopback.TcpBytesPerSecond * 1000;

    public double BoundTlsMs => SizeBytes / Loopback.TlsBytesPerSecond * 1000;

    /// <summary>
    /// Every receiver's copy through TLS one after another: on one machine all copies share the same cores, so no
    /// schedule can beat it (the bound above assumes links that do not share them).
    /// </summary>
    public double BoundAllCopiesTlsMs => BoundTlsMs * Receivers.Count();

    public double Ratio => SpreadMs / BoundMs;

    public double RatioAllCopiesTls => SpreadMs / BoundAllCopiesTlsMs;

    /// <summary>CPU the peers used from go to stop (right after the last done), in cores busy on average over the spread.</summary>
    public double CoresBusy => Peers.Sum(p => p.Final.CpuMs) / SpreadMs;

    public double RatioTls => SpreadMs / BoundTlsMs;

    /// <summary>Requests sent per chunk received and kept, over the receivers (1.0: no request wasted).</summary>
    public double RequestsPerChunk
    {
        get
        {
            var accepted = Receivers.Sum(p => p.Final.Counters.PiecesAccepted);
            return accepted == 0 ? double.NaN : (double)Receivers.Sum(p => p.Final.Counters.RequestsSent) / accepted;
        }
    }

    /// <summary>Pieces that arrived but were not needed (a duplicate of end-game, or late), over the receivers.</summary>
    public long DuplicatePieces => Receivers.Sum(p => p.Final.Counters.PiecesUnwanted);

    public SwarmPeerOutcome LargestRss => Peers.MaxBy(p => p.PeakAboveIdleBytes)!;

    public double RssMultiple(SwarmPeerOutcome peer) => (double)peer.PeakAboveIdleBytes / SizeBytes;
}
