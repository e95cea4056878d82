namespace DumboFL.Runner.Node;

/// <summary>
/// Commit latencies in milliseconds, in logarithmic buckets (each bound 1.25× the previous, 1 ms to about
/// 70 s): quantiles within 12.5 %, mergeable across nodes by adding counts. Written by the core loop, read
/// by the API; counts are read without a lock and may be a few updates stale.
/// </summary>
public sealed class LatencyHistogram
{
    private static readonly double[] s_bounds = BuildBounds();
    private readonly long[] _counts = new long[s_bounds.Length + 1];
    private long _total;

    /// <summary>Upper bounds of the buckets in ms; the last bucket (beyond the last bound) is unbounded.</summary>
    public static IReadOnlyList<double> Bounds => s_bounds;

    public long Count => Interlocked.Read(ref _total);

    public void Record(double milliseconds)
    {
        var index = Array.BinarySearch(s_bounds, milliseconds);
        if (index < 0)
        {
            index = ~index;
        }
        Interlocked.Increment(ref _counts[index]);
        Interlocked.Increment(ref _total);
    }

    public long[] Snapshot()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }
        return copy;
    }

    /// <summary>The q-quantile (0..1) from bucket counts, interpolated inside its bucket; null with no samples.</summary>
    public static double? Quantile(IReadOnlyList<long> counts, double q)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }
        var rank = q * total;
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0 || seen + counts[i] < rank)
            {
                seen += counts[i];
                continue;
            }
            var lower = i == 0 ? 0 : s_bounds[i - 1];
            var upper = i < s_bounds.Length ? s_bounds[i] : s_bounds[^1] * 1.25;
            return lower + ((upper - lower) * Math.Clamp((rank - seen) / counts[i], 0, 1));
        }
        return s_bounds[^1];
    }

    private static double[] BuildBounds()
    {
        var bounds = new List<double>();
        for (var b = 1.0; b < 70_000; b *= 1.25)
        {
            bounds.Add(Math.Round(b, 3));
        }
        return [.. bounds];
    }
}
