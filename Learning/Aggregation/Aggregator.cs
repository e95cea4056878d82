using DumboFL.Learning.Model;

namespace DumboFL.Learning.Aggregation;

/// <summary>How a round's updates are combined (ARCHITECTURE.md §9).</summary>
public enum AggregatorKind
{
    /// <summary>Mean weighted by each client's sample count (FedAvg).</summary>
    FedAvg,
    /// <summary>Coordinate-wise median: robust to a minority of arbitrary updates.</summary>
    Median,
    /// <summary>Coordinate-wise mean after dropping the largest and smallest share <see cref="AggregationOptions.TrimFraction"/>.</summary>
    TrimmedMean,
    /// <summary>The single update closest to its n − f − 2 nearest neighbours (Blanchard et al., 2017).</summary>
    Krum,
}

/// <summary>One client's update for a round: its model and how many examples it trained on.</summary>
public sealed record ClientUpdate(string Client, ModelParameters Model, long Samples);

public sealed record AggregationOptions
{
    /// <summary>Share of updates dropped at each end, per coordinate, by <see cref="AggregatorKind.TrimmedMean"/>.</summary>
    public double TrimFraction { get; init; } = 0.2;

    /// <summary>Byzantine updates <see cref="AggregatorKind.Krum"/> tolerates (it needs n ≥ 2f + 3).</summary>
    public int ByzantineUpdates { get; init; } = 1;
}

/// <summary>
/// Combines a round's updates into the global model. Deterministic: updates are taken in client-id order and every
/// coordinate is reduced in double precision in that order, so every honest node that holds the same updates computes
/// the same bytes, whatever order they arrived in.
/// </summary>
public static class Aggregator
{
    public static ModelParameters Aggregate(IReadOnlyList<ClientUpdate> updates, AggregatorKind kind, AggregationOptions? options = null)
    {
        options ??= new AggregationOptions();
        if (updates.Count == 0)
        {
            throw new ArgumentException("no updates to aggregate", nameof(updates));
        }
        var layout = updates[0].Model.Layout;
        if (updates.Any(u => !u.Model.Layout.Equals(layout)))
        {
            throw new ArgumentException("updates of different model layouts cannot be aggregated", nameof(updates));
        }
        if (updates.Select(u => u.Client).Distinct(StringComparer.Ordinal).Count() != updates.Count)
        {
            throw new ArgumentException("one update per client", nameof(updates));
        }
        var ordered = updates.OrderBy(u => u.Client, StringComparer.Ordinal).ToArray();
        return kind switch
        {
            AggregatorKind.FedAvg => FedAvg(layout, ordered),
            AggregatorKind.Median => PerCoordinate(layout, ordered, Median),
            AggregatorKind.TrimmedMean => PerCoordinate(layout, ordered, column => Trimmed(column, options.TrimFraction)),
            AggregatorKind.Krum => Krum(layout, ordered, options.ByzantineUpdates),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown aggregator"),
        };
    }

    private static ModelParameters FedAvg(ModelLayout layout, ClientUpdate[] updates)
    {
        if (updates.Any(u => u.Samples <= 0))
        {
            throw new ArgumentException("FedAvg weights by samples: every update needs at least one", nameof(updates));
        }
        var total = updates.Sum(u => (double)u.Samples);
        var sums = new double[layout.ParameterCount];
        foreach (var update in updates)
        {
            var weight = update.Samples / total;
            var values = update.Model.Values;
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += weight * values[i];
            }
        }
        return new ModelParameters(layout, sums.Select(v => (float)v).ToArray());
    }

    private static ModelParameters PerCoordinate(ModelLayout layout, ClientUpdate[] updates, Func<double[], double> reduce)
    {
        var result = new float[layout.ParameterCount];
        var column = new double[updates.Length];
        for (var i = 0; i < result.Length; i++)
        {
            for (var u = 0; u < updates.Length; u++)
            {
                column[u] = updates[u].Model.Values[i];
            }
            result[i] = (float)reduce(column);
        }
        return new ModelParameters(layout, result);
    }

    private static double Median(double[] column)
    {
        Array.Sort(column);
        var middle = column.Length / 2;
        return column.Length % 2 == 1 ? column[middle] : (column[middle - 1] + column[middle]) / 2;
    }

    private static double Trimmed(double[] column, double fraction)
    {
        if (fraction is < 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the trimmed share is in [0, 0.5)");
        }
        Array.Sort(column);
        var drop = (int)Math.Floor(fraction * column.Length);
        var kept = column.AsSpan(drop, column.Length - (2 * drop));
        var sum = 0.0;
        foreach (var value in kept)
        {
            sum += value;
        }
        return sum / kept.Length;
    }

    private static ModelParameters Krum(ModelLayout layout, ClientUpdate[] updates, int byzantine)
    {
        var n = updates.Length;
        if (byzantine < 0 || n < (2 * byzantine) + 3)
        {
            throw new ArgumentException($"Krum with f = {byzantine} needs at least {(2 * byzantine) + 3} updates, got {n}", nameof(updates));
        }
        var distances = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                var sum = 0.0;
                var x = updates[a].Model.Values;
                var y = updates[b].Model.Values;
                for (var i = 0; i < x.Length; i++)
                {
                    var d = (double)x[i] - y[i];
                    sum += d * d;
                }
                distances[a, b] = distances[b, a] = sum;
            }
        }
        var neighbours = n - byzantine - 2;
        var best = -1;
        var bestScore = double.PositiveInfinity;
        for (var a = 0; a < n; a++)
        {
            var score = Enumerable.Range(0, n).Where(b => b != a).Select(b => distances[a, b]).Order().Take(neighbours).Sum();
            // Strictly smaller: ties go to the first client in id order, the same choice at every node.
            if (score < bestScore)
            {
                (best, bestScore) = (a, score);
            }
        }
        return new ModelParameters(layout, updates[best].Model.Values.ToArray());
    }
}
