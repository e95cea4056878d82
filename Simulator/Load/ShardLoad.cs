namespace DumboFL.Simulator;

/// <summary>Items given to a node once it has committed <see cref="AfterEpochs"/> epochs (0: before it starts).</summary>
public sealed record LoadWave(ulong AfterEpochs, IReadOnlyList<byte[]> Items);

/// <summary>
/// What each node of a shard is given, and when, with what the checker expects of every item. The generated
/// load (<see cref="ItemLoad"/>) is one wave per node before the start; tests build later waves by hand, e.g.
/// only invalid entries for a few epochs and then a mix.
/// </summary>
public sealed class ShardLoad
{
    private readonly List<(ulong AfterEpochs, List<byte[]> Items)>[] _waves;
    private readonly Dictionary<byte[], Expectation> _expectations = new(ByteArrayComparer.Instance);

    public ShardLoad(int nodes)
    {
        _waves = Enumerable.Range(0, nodes).Select(_ => new List<(ulong, List<byte[]>)>()).ToArray();
    }

    public int Nodes => _waves.Length;

    /// <summary>Every distinct item of the load with its expectation.</summary>
    public IReadOnlyDictionary<byte[], Expectation> Expectations => _expectations;

    /// <summary>Adds an item to node <paramref name="node"/>'s wave <paramref name="afterEpochs"/>; one item may go to several nodes, with one expectation.</summary>
    public ShardLoad Add(int node, byte[] item, Expectation expectation, ulong afterEpochs = 0)
    {
        if (_expectations.TryGetValue(item, out var known) && known != expectation)
        {
            throw new ArgumentException($"an item expected to {known} cannot also be expected to {expectation}", nameof(expectation));
        }
        _expectations[item] = expectation;
        var waves = _waves[node];
        var index = waves.FindIndex(w => w.AfterEpochs == afterEpochs);
        if (index < 0)
        {
            waves.Add((afterEpochs, []));
            waves.Sort((a, b) => a.AfterEpochs.CompareTo(b.AfterEpochs));
            index = waves.FindIndex(w => w.AfterEpochs == afterEpochs);
        }
        waves[index].Items.Add(item);
        return this;
    }

    /// <summary>Node <paramref name="node"/>'s waves in the order they are due.</summary>
    public IReadOnlyList<LoadWave> Waves(int node) => _waves[node].Select(w => new LoadWave(w.AfterEpochs, w.Items)).ToArray();

    /// <summary>Every item of node <paramref name="node"/>, all waves, in submission order.</summary>
    public IReadOnlyList<byte[]> ItemsOf(int node) => _waves[node].SelectMany(w => w.Items).ToArray();

    public Expectation? ExpectationOf(byte[] item) => _expectations.TryGetValue(item, out var e) ? e : null;

    /// <summary>Replaces each wave's order by a seeded shuffle (the generated load is submitted in random order).</summary>
    internal void Shuffle(ulong seed)
    {
        for (var node = 0; node < _waves.Length; node++)
        {
            var random = DeterministicRandom.For(seed, "load-order", node);
            foreach (var (_, items) in _waves[node])
            {
                var shuffled = random.Shuffle(items);
                items.Clear();
                items.AddRange(shuffled);
            }
        }
    }
}
