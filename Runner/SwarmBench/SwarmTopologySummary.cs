using DumboFL.Learning.Swarm;

namespace DumboFL.Runner.SwarmBench;

/// <summary>Every run of one topology, and the medians quoted.</summary>
public sealed record SwarmTopologySummary(TopologyKind Topology, IReadOnlyList<SwarmRunResult> Runs)
{
    public double SpreadMs => Median(Runs.Select(r => r.SpreadMs));

    public double TcpBytesPerSecond => Median(Runs.Select(r => r.Loopback.TcpBytesPerSecond));

    public double TlsBytesPerSecond => Median(Runs.Select(r => r.Loopback.TlsBytesPerSecond));

    public double BoundMs => Median(Runs.Select(r => r.BoundMs));

    public double BoundTlsMs => Median(Runs.Select(r => r.BoundTlsMs));

    /// <summary>Median of each run's ratio (each against the bandwidth of its own run).</summary>
    public double Ratio => Median(Runs.Select(r => r.Ratio));

    public double RatioTls => Median(Runs.Select(r => r.RatioTls));

    public double RatioAllCopiesTls => Median(Runs.Select(r => r.RatioAllCopiesTls));

    public double CoresBusy => Median(Runs.Select(r => r.CoresBusy));

    public double RequestsPerChunk => Median(Runs.Select(r => r.RequestsPerChunk));

    public double DuplicatePieces => Median(Runs.Select(r => (double)r.DuplicatePieces));

    /// <summary>The largest peak-above-idle RSS of any node in any run: the memory goal is a ceiling.</summary>
    public (SwarmRunResult Run, SwarmPeerOutcome Peer) LargestRss =>
        Runs.Select(r => (Run: r, Peer: r.LargestRss)).MaxBy(x => x.Peer.PeakAboveIdleBytes);

    /// <summary>Per node, the largest peak-above-idle RSS over the runs.</summary>
    public IReadOnlyList<(string Id, bool Source, long Bytes)> PeakAboveIdleByNode =>
        Runs[0].Peers.Select(p => (p.Id, p.Source, Runs.Max(r => r.Peers.First(q => q.Id == p.Id).PeakAboveIdleBytes))).ToArray();

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
