namespace DumboFL.Runner.Launch;

/// <summary>
/// A node's commit-latency histogram from <c>GET /status</c> (<c>bounds_ms</c> = upper bucket bounds, <c>counts</c>,
/// optionally one more overflow count). Histograms of a shard's nodes add up bucket by bucket, and a later
/// snapshot minus an earlier one is the latency of what committed in between.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly double[] _bounds;
    private readonly long[] _counts;

    public LatencyHistogram(IReadOnlyList<double> bounds, IReadOnlyList<long> counts)
    {
        if (counts.Count != bounds.Count && counts.Count != bounds.Count + 1)
        {
            throw new FormatException($"a latency histogram with {bounds.Count} bounds and {counts.Count} counts");
        }
        _bounds = [.. bounds];
        // Always keep an overflow bucket, so that histograms with and without one line up.
        _counts = new long[bounds.Count + 1];
        for (var i = 0; i < counts.Count; i++)
        {
            _counts[i] = counts[i];
        }
    }

    public static LatencyHistogram Empty { get; } = new([], []);

    public IReadOnlyList<double> Bounds => _bounds;

    public IReadOnlyList<long> Counts => _counts;

    public long Total => _counts.Sum();

    /// <summary>The sum of two histograms; an empty one is neutral. Different bucket bounds cannot be added.</summary>
    public LatencyHistogram Add(LatencyHistogram other)
    {
        if (other.Total == 0 && other._bounds.Length == 0)
        {
            return this;
        }
        if (Total == 0 && _bounds.Length == 0)
        {
            return other;
        }
        RequireSameBounds(other);
        return new LatencyHistogram(_bounds, _counts.Zip(other._counts, (a, b) => a + b).ToArray());
    }

    /// <summary>
    /// What was recorded after <paramref name="earlier"/>. A bucket that shrank means the node restarted and its
    /// counts began again from zero: then everything it has now is new.
    /// </summary>
    public LatencyHistogram Since(LatencyHistogram earlier)
    {
        if (earlier._bounds.Length == 0 || !_bounds.SequenceEqual(earlier._bounds)
            || _counts.Zip(earlier._counts).Any(pair => pair.First < pair.Second))
        {
            return this;
        }
        return new LatencyHistogram(_bounds, _counts.Zip(earlier._counts, (a, b) => a - b).ToArray());
    }

    /// <summary>
    /// The q-quantile in milliseconds, interpolated linearly inside its bucket; null when empty. In the overflow
    /// bucket the answer is the last bound (the true value is at least that).
    /// </summary>
    public double? Quantile(double q)
    {
        var total = Total;
        if (total == 0)
        {
            return null;
        }
        var rank = q * total;
        long below = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            var count = _counts[i];
            if (count > 0 && below + count >= rank)
            {
                if (i == _bounds.Length)
                {
                    return _bounds.Length == 0 ? null : _bounds[^1];
                }
                var lower = i == 0 ? 0 : _bounds[i - 1];
                var fraction = Math.Clamp((rank - below) / count, 0, 1);
                return lower + fraction * (_bounds[i] - lower);
            }
            below += count;
        }
        return _bounds.Length == 0 ? null : _bounds[^1];
    }

    private void RequireSameBounds(LatencyHistogram other)
    {
        if (!_bounds.SequenceEqual(other._bounds))
        {
            throw new InvalidOperationException("latency histograms with different bucket bounds cannot be added");
        }
    }
}
