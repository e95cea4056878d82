namespace DumboFL.Runner.Launch;

/// <summary>The memory run: every node's resident set, and the cluster's throughput and latency, every 10 s.</summary>
public sealed record RssSeries
{
    public required double OfferedRate { get; init; }

    public required IReadOnlyList<double> Seconds { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<long>> RssBytes { get; init; }

    /// <summary>Committed tx/s in the interval ending at each sample (0 for the first).</summary>
    public required IReadOnlyList<double> CommittedTps { get; init; }

    public required IReadOnlyList<double?> P50 { get; init; }

    /// <summary>
    /// Per node, the least-squares slope of RSS over the second half of the run, in MB per minute: the first half
    /// is warm-up (pools, caches and the GC's heap growth settle), a leak shows as a positive slope after it.
    /// </summary>
    public IReadOnlyDictionary<string, double> TrendMbPerMinute() => RssBytes.ToDictionary(
        pair => pair.Key,
        pair => Slope(Seconds.Skip(Seconds.Count / 2).Select(s => s / 60).ToArray(),
            pair.Value.Skip(Seconds.Count / 2).Select(b => b / 1048576.0).ToArray()),
        StringComparer.Ordinal);

    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = Math.Min(x.Count, y.Count);
        if (n < 2)
        {
            return 0;
        }
        var meanX = x.Take(n).Average();
        var meanY = y.Take(n).Average();
        double covariance = 0, variance = 0;
        for (var i = 0; i < n; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }
}
