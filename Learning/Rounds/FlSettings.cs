using DumboFL.Learning.Aggregation;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Data;
using DumboFL.Learning.Swarm;
using DumboFL.Learning.Training;

namespace DumboFL.Learning.Rounds;

/// <summary>
/// One FL experiment, the same at every node of the cluster (written once by <c>dumbofl fl</c>, read by each node):
/// the task, the model, local training, chunking, aggregation and the swarm's topology.
/// </summary>
public sealed record FlSettings
{
    public int Rounds { get; init; } = 5;

    /// <summary><c>mlp</c> or <c>softmax</c>.</summary>
    public string Model { get; init; } = "mlp";

    public int Hidden { get; init; } = 32;

    /// <summary><c>synthetic</c>, or <c>csv:PATH</c> (rows <c>label,f1,f2,…</c>; the last 20 % after a seeded shuffle are the test set).</summary>
    public string Dataset { get; init; } = "synthetic";

    /// <summary>Dirichlet label skew of the split among clients: small is very non-IID.</summary>
    public double Alpha { get; init; } = 1.0;

    public int Seed { get; init; } = 1;

    /// <summary>
    /// Spread of the synthetic classes around their centres: 2.5 makes a task a centrally trained MLP gets to about 92 %
    /// on and one client's non-IID share to about 88 %, so the rounds have something to show.
    /// </summary>
    public double Noise { get; init; } = 2.5;

    public int Epochs { get; init; } = 2;

    public int BatchSize { get; init; } = 32;

    public float LearningRate { get; init; } = 0.1f;

    public int ChunkSize { get; init; } = ChunkedUpdate.DefaultChunkSize;

    public AggregatorKind Aggregator { get; init; } = AggregatorKind.FedAvg;

    /// <summary>
    /// How long a node that holds n − f updates of a round waits for the round's other committed updates before it
    /// vouches for what it holds (docs/LEARNING.md, "Vouching"). Only a committed update nobody serves makes it wait.
    /// </summary>
    public int VouchGraceMs { get; init; } = 500;

    public TopologyKind Topology { get; init; } = TopologyKind.Mesh;

    public int Degree { get; init; } = 3;

    /// <summary>The edge list file of a custom topology.</summary>
    public string? EdgeFile { get; init; }

    /// <summary>Nodes that serve corrupted chunks (fault injection: the others must reject and ban them).</summary>
    public IReadOnlyList<string> CorruptPeers { get; init; } = [];

    public ITrainer Trainer(int features, int classes) => Model switch
    {
        "softmax" => DenseTrainer.Softmax(features, classes),
        "mlp" => DenseTrainer.Mlp(features, Hidden, classes),
        _ => throw new ArgumentException($"unknown model '{Model}' (mlp or softmax)"),
    };

    /// <summary>Training of one client in one round, seeded from the experiment's seed (stable across processes and runs).</summary>
    public TrainOptions Training(ulong round, int client) =>
        new(Epochs, BatchSize, LearningRate, (int)(Mix((ulong)(uint)Seed, round, (ulong)(uint)client) & int.MaxValue));

    private static ulong Mix(params ulong[] values)
    {
        // FNV-1a over the values' bytes: HashCode.Combine is randomised per process, so a seed would not replay a run.
        var hash = 14695981039346656037UL;
        foreach (var value in values)
        {
            for (var shift = 0; shift < 64; shift += 8)
            {
                hash = unchecked((hash ^ ((value >> shift) & 0xFF)) * 1099511628211UL);
            }
        }
        return hash;
    }

    /// <summary>What makes an experiment unrunnable, named; empty when it is fine (the CLI and the node both check it).</summary>
    public IEnumerable<string> Validate(int nodesPerShard)
    {
        if (Rounds < 1)
        {
            yield return "rounds must be at least 1";
        }
        if (ChunkSize is < ChunkedUpdate.MinChunkSize or > ChunkedUpdate.MaxChunkSize)
        {
            yield return $"chunk size must be between {ChunkedUpdate.MinChunkSize} and {ChunkedUpdate.MaxChunkSize} bytes";
        }
        if (Alpha <= 0 || !double.IsFinite(Alpha))
        {
            yield return "alpha must be a positive number";
        }
        if (Noise <= 0 || !double.IsFinite(Noise))
        {
            yield return "noise must be a positive number";
        }
        if (Epochs < 1 || BatchSize < 1 || Hidden < 1 || !(LearningRate > 0) || VouchGraceMs < 0)
        {
            yield return "epochs, batch size, hidden units and learning rate must be positive, the vouch grace not negative";
        }
        if (Model is not ("mlp" or "softmax"))
        {
            yield return $"unknown model '{Model}' (mlp or softmax)";
        }
        // A cut has at least n − f updates; Krum needs 2b + 3 of them to tolerate b, so with n = 3f + 1 it tolerates none.
        var faults = (nodesPerShard - 1) / 3;
        if (Aggregator == AggregatorKind.Krum && nodesPerShard - faults < 3)
        {
            yield return $"krum needs at least 3 updates per round; a shard of {nodesPerShard} nodes may aggregate {nodesPerShard - faults}";
        }
    }

    /// <summary>
    /// The task's data for one client: its share of the training set (Dirichlet split among <paramref name="clients"/>)
    /// and the common test set. Every node computes the same split, so no data moves.
    /// </summary>
    public (Dataset Local, Dataset Test) Data(int client, int clients)
    {
        Dataset train, test;
        if (Dataset == "synthetic")
        {
            (train, test) = SyntheticData.Generate(Seed, spread: Noise);
        }
        else if (Dataset.StartsWith("csv:", StringComparison.Ordinal))
        {
            (train, test) = Split(CsvDataset.Load(Dataset[4..]), Seed);
        }
        else
        {
            throw new ArgumentException($"unknown dataset '{Dataset}' (synthetic or csv:PATH)");
        }
        return (SyntheticData.Partition(train, clients, Alpha, Seed)[client], test);
    }

    private static (Dataset Train, Dataset Test) Split(Dataset all, int seed)
    {
        if (all.Count < 10)
        {
            throw new InvalidDataException($"a data set of {all.Count} rows is too small to split into training and test sets");
        }
        var order = Enumerable.Range(0, all.Count).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = all.Count / 5;
        return (all.Subset(order[testCount..]), all.Subset(order[..testCount]));
    }
}
