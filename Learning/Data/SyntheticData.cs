namespace DumboFL.Learning.Data;

/// <summary>
/// A deterministic synthetic classification task (ARCHITECTURE.md §9): one Gaussian cluster per class around a
/// random centre, and a non-IID split of the training set among clients by Dirichlet label skew: for each class, a
/// Dirichlet(α) draw decides what share of its examples each client gets (small α: each client sees few classes;
/// large α: close to IID). Same seed, same data, same split, on every node.
/// </summary>
public static class SyntheticData
{
    public const int DefaultFeatures = 20;
    public const int DefaultClasses = 4;

    /// <summary>The whole task: training and test sets from the same distribution.</summary>
    public static (Dataset Train, Dataset Test) Generate(int seed, int trainCount = 4000, int testCount = 1000,
        int features = DefaultFeatures, int classes = DefaultClasses, double spread = 1.0)
    {
        var random = new Random(seed);
        var centres = new float[classes * features];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)(Gaussian(random) * 1.5);
        }
        return (Sample(random, centres, trainCount, features, classes, spread), Sample(random, centres, testCount, features, classes, spread));
    }

    /// <summary>Splits <paramref name="data"/> among <paramref name="clients"/> by Dirichlet(α) label skew; every client gets at least one example.</summary>
    public static IReadOnlyList<Dataset> Partition(Dataset data, int clients, double alpha, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        if (data.Count < clients)
        {
            throw new ArgumentException($"{data.Count} examples cannot give each of {clients} clients one", nameof(data));
        }
        var random = new Random(seed);
        var shares = Enumerable.Range(0, clients).Select(_ => new List<int>()).ToArray();
        for (var label = 0; label < data.ClassCount; label++)
        {
            var members = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == label).OrderBy(_ => random.Next()).ToArray();
            var weights = Dirichlet(random, clients, alpha);
            var start = 0;
            for (var c = 0; c < clients; c++)
            {
                var end = c == clients - 1 ? members.Length : Math.Min(members.Length, start + (int)Math.Round(weights[c] * members.Length));
                shares[c].AddRange(members[start..end]);
                start = end;
            }
        }
        // A client the draw left empty takes one example from the largest share, so every client can train.
        for (var c = 0; c < clients; c++)
        {
            if (shares[c].Count == 0)
            {
                var donor = shares.OrderByDescending(s => s.Count).First();
                shares[c].Add(donor[^1]);
                donor.RemoveAt(donor.Count - 1);
            }
        }
        return shares.Select(s => data.Subset(s.Order().ToArray())).ToArray();
    }

    private static Dataset Sample(Random random, float[] centres, int count, int features, int classes, double spread)
    {
        var values = new float[count * features];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = random.Next(classes);
            labels[i] = label;
            for (var f = 0; f < features; f++)
            {
                values[(i * features) + f] = centres[(label * features) + f] + (float)(Gaussian(random) * spread);
            }
        }
        return new Dataset(values, labels, features, classes);
    }

    private static double[] Dirichlet(Random random, int k, double alpha)
    {
        var draws = Enumerable.Range(0, k).Select(_ => Gamma(random, alpha)).ToArray();
        var sum = draws.Sum();
        return sum > 0 ? draws.Select(d => d / sum).ToArray() : Enumerable.Repeat(1.0 / k, k).ToArray();
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 through the boost Gamma(a+1)·U^(1/a).</summary>
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Gaussian(random);
                v = 1 + (c * x);
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm's argument in (0, 1].
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
