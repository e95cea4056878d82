using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;

namespace DumboFL.Learning.Tests.Support;

/// <summary>
/// Swarm engines wired by in-memory links, one manual clock, each with its own chunk store in a temp directory. Every
/// link is FIFO (like the node transport's connection) while links are interleaved at random (seeded), and a test can
/// hold back chosen messages to make a peer slow.
/// </summary>
internal sealed class SwarmHarness : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumbofl-swarm-").FullName;
    private readonly Random _random;
    private readonly Dictionary<(string From, string To), Queue<SwarmMessage>> _links = [];
    private readonly List<(string From, string To, SwarmMessage Message)> _held = [];
    private readonly Dictionary<string, SwarmEngine> _engines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChunkStore> _stores = new(StringComparer.Ordinal);

    public SwarmHarness(IReadOnlyDictionary<string, IReadOnlyCollection<string>> neighbours, int seed, Func<string, SwarmOptions>? options = null)
    {
        _random = new Random(seed);
        try
        {
            foreach (var (node, theirs) in neighbours.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                var store = ChunkStore.Open(Path.Combine(_directory, node + ".sqlite"));
                _stores[node] = store;
                _engines[node] = new SwarmEngine(node, theirs, store, options?.Invoke(node) ?? new SwarmOptions { Seed = seed }, Time);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static SwarmHarness Over(Topology topology, int seed, Func<string, SwarmOptions>? options = null) =>
        new(topology.Nodes.ToDictionary(n => n, n => (IReadOnlyCollection<string>)topology.NeighbourIds(n).ToArray()), seed, options);

    public static SwarmHarness FullyConnected(IReadOnlyList<string> nodes, int seed, Func<string, SwarmOptions>? options = null) =>
        Over(Topology.Build(TopologyKind.Full, nodes), seed, options);

    public ManualTime Time { get; } = new();

    public IReadOnlyDictionary<string, SwarmEngine> Engines => _engines;

    public IReadOnlyDictionary<string, ChunkStore> Stores => _stores;

    /// <summary>Every message taken from an outbox, in the order each engine gave them.</summary>
    public List<(string From, string To, SwarmMessage Message)> Sent { get; } = [];

    /// <summary>Messages for which this answers true are set aside instead of delivered, until <see cref="Release"/>.</summary>
    public Func<string, string, SwarmMessage, bool>? Hold { get; set; }

    /// <summary>Cuts <paramref name="bytes"/> into chunks, stores them at <paramref name="node"/> as its own, and describes the committed update.</summary>
    public SwarmUpdate Publish(string node, ulong round, byte[] bytes, int chunkSize, int priority = 0)
    {
        var chunked = ChunkedUpdate.Of(bytes, chunkSize);
        StoreAt(node, round, node, chunked, local: true);
        return Describe(round, node, chunked, priority);
    }

    /// <summary>Gives <paramref name="node"/> a full copy of someone else's update, as if it had already fetched it.</summary>
    public void StoreCopy(string node, SwarmUpdate update, byte[] bytes, int chunkSize) =>
        StoreAt(node, update.Round, update.Client, ChunkedUpdate.Of(bytes, chunkSize), local: false);

    public static SwarmUpdate Describe(ulong round, string client, ChunkedUpdate chunked, int priority = 0) =>
        new(round, client, chunked.Root, chunked.Hashes, Enumerable.Range(0, chunked.Count).Select(i => chunked.Chunk(i).Length).ToArray(), priority);

    public void TrackEverywhere(SwarmUpdate update)
    {
        foreach (var engine in _engines.Values)
        {
            engine.Track(update);
        }
    }

    /// <summary>Takes every outbox, then delivers every message in flight; answers wait for the next call.</summary>
    public void Deliver()
    {
        foreach (var (node, engine) in _engines)
        {
            foreach (var send in engine.TakeOutbox())
            {
                Sent.Add((node, send.Peer, send.Message));
                Enqueue(node, send.Peer, send.Message);
            }
        }
        var busy = _links.Where(l => l.Value.Count > 0).Select(l => l.Key).OrderBy(k => k.From, StringComparer.Ordinal).ThenBy(k => k.To, StringComparer.Ordinal).ToList();
        while (busy.Count > 0)
        {
            var pick = _random.Next(busy.Count);
            var (from, to) = busy[pick];
            var message = _links[(from, to)].Dequeue();
            if (_links[(from, to)].Count == 0)
            {
                busy.RemoveAt(pick);
            }
            if (Hold?.Invoke(from, to, message) == true)
            {
                _held.Add((from, to, message));
            }
            else
            {
                _engines[to].Handle(from, message);
            }
        }
    }

    /// <summary>One step of the run: deliver, let time pass, tick every engine.</summary>
    public void Step(TimeSpan by)
    {
        Deliver();
        Time.Advance(by);
        foreach (var engine in _engines.Values)
        {
            engine.Tick();
        }
    }

    /// <summary>Steps until <paramref name="done"/>; the number of steps taken, or -1 if it never was.</summary>
    public int RunUntil(Func<bool> done, TimeSpan step, int maxSteps)
    {
        for (var steps = 0; steps < maxSteps; steps++)
        {
            if (done())
            {
                return steps;
            }
            Step(step);
        }
        return done() ? maxSteps : -1;
    }

    /// <summary>Puts held messages back on their links, in the order they were held.</summary>
    public void Release()
    {
        Hold = null;
        foreach (var (from, to, message) in _held)
        {
            Enqueue(from, to, message);
        }
        _held.Clear();
    }

    public IEnumerable<(string From, string To, T Message)> SentOf<T>() where T : SwarmMessage =>
        Sent.Where(s => s.Message is T).Select(s => (s.From, s.To, (T)s.Message));

    /// <summary>The update as <paramref name="node"/>'s store holds it, checked against the commitment.</summary>
    public byte[] Reassemble(string node, SwarmUpdate update, int chunkSize)
    {
        var chunks = Enumerable.Range(0, update.ChunkHashes.Count)
            .Select(i => (ReadOnlyMemory<byte>)(_stores[node].Get(new ChunkKey(update.Round, update.Client, i)) ?? throw new InvalidDataException($"{node} lacks chunk {i} of {update.Client}")))
            .ToArray();
        return ChunkedUpdate.Reassemble(chunks, update.ChunkHashes, update.Root, chunkSize);
    }

    public void Dispose()
    {
        foreach (var store in _stores.Values)
        {
            store.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private void Enqueue(string from, string to, SwarmMessage message)
    {
        if (!_links.TryGetValue((from, to), out var queue))
        {
            _links[(from, to)] = queue = new Queue<SwarmMessage>();
        }
        queue.Enqueue(message);
    }

    private void StoreAt(string node, ulong round, string client, ChunkedUpdate chunked, bool local)
    {
        for (var i = 0; i < chunked.Count; i++)
        {
            var chunk = chunked.Chunk(i);
            _stores[node].Put(new ChunkKey(round, client, i), chunked.Hashes[i], chunk.Span, local, verified: true);
        }
    }
}
