using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Rounds;
using DumboFL.Learning.Swarm;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;

namespace DumboFL.Learning.Tests.Support;

/// <summary>
/// One shard's FL clients in one process: real <see cref="RoundDriver"/>s, swarm engines and chunk stores, a real
/// ledger (validator, applier, in-memory store) whose blocks every driver reads in the same order. Consensus is
/// replaced by a seeded total order: each step, the pending submissions of n − f clients picked at random are shuffled into one block. Swarm
/// messages travel on FIFO links interleaved at random (seeded), with the clock advancing 50 ms per step.
/// </summary>
internal sealed class FlHarness : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumbofl-fl-").FullName;
    private readonly Random _random;
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<string, RoundDriver> _drivers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), Queue<SwarmMessage>> _links = [];
    private readonly InMemoryLedgerStore _store = new();
    private readonly BlockApplier _applier;
    private readonly List<Block> _blocks = [];
    private ulong _epoch;
    private readonly List<LedgerEntry> _injected = [];

    public FlHarness(int nodes, FlSettings settings, int seed)
    {
        _random = new Random(seed);
        Clients = [.. Enumerable.Range(0, nodes).Select(i => $"0-{i}")];
        NodeKey[] keys = [.. Clients.Select(_ => NodeKey.Generate())];
        _owned.AddRange(keys);
        var shardKeys = new CrossShardKeys(Hash32.Of([7]), [new Committee(keys.Select(k => k.PublicKey))]);
        var state = new LedgerState(_store, 0, 1, c => Clients.Contains(c), Clients);
        _applier = new BlockApplier(_store, state, new EntryValidator(LedgerRules.Default, shardKeys));
        var topology = Topology.Build(settings.Topology, Clients, settings.Seed, settings.Degree);
        var domain = shardKeys.Domain(0);
        for (var i = 0; i < nodes; i++)
        {
            var id = Clients[i];
            var store = ChunkStore.Open(Path.Combine(_directory, id + ".sqlite"));
            _owned.Add(store);
            var swarm = new SwarmEngine(id, [.. topology.NeighbourIds(id)], store,
                new SwarmOptions { Seed = seed + i, CorruptServedPieces = settings.CorruptPeers.Contains(id) }, Time);
            var key = keys[i];
            var index = i;
            _drivers[id] = new RoundDriver(settings, id, 0, Clients, (nodes - 1) / 3, i, nodes, store, swarm,
                (round, client, root) => UpdateHeld.Sign(domain, index, key, round, client, root), Time);
        }
    }

    public ManualTime Time { get; } = new();

    /// <summary>n − f: clients whose submissions make one block.</summary>
    public int Quorum => Clients.Count - ((Clients.Count - 1) / 3);

    public IReadOnlyList<string> Clients { get; }

    public IReadOnlyList<Block> Blocks => _blocks;

    public RoundDriver Driver(string id) => _drivers[id];

    /// <summary>Entries from outside the clients (an API client, a Byzantine proposer), first in the next block.</summary>
    public void Inject(IEnumerable<LedgerEntry> entries) => _injected.AddRange(entries);

    /// <summary>Runs until every driver in <paramref name="waitFor"/> finished, or <paramref name="maxSteps"/>; true if they did.</summary>
    /// <param name="beforeStep">Called before each step (a test's adversary: it may <see cref="Inject"/> entries).</param>
    public bool Run(IEnumerable<string> waitFor, int maxSteps, Action? beforeStep = null)
    {
        var waiting = waitFor.ToList();
        foreach (var driver in _drivers.Values)
        {
            driver.Start();
        }
        Collect();
        for (var step = 0; step < maxSteps; step++)
        {
            if (waiting.All(id => _drivers[id].Phase == RoundPhase.Finished))
            {
                // The last round's aggregates were submitted as the clients finished: a few more blocks commit them.
                for (var i = 0; i < 4; i++)
                {
                    Commit();
                }
                return true;
            }
            beforeStep?.Invoke();
            Commit();
            Deliver();
            Time.Advance(TimeSpan.FromMilliseconds(50));
            foreach (var driver in _drivers.Values)
            {
                driver.Tick();
            }
            Collect();
        }
        return false;
    }

    /// <summary>
    /// One block, like a Dumbo epoch: the pending submissions of n − f clients picked at random (the others wait for a
    /// later block), shuffled; every driver reads it.
    /// </summary>
    private void Commit()
    {
        var proposers = _drivers.Values.ToList();
        Shuffle(proposers);
        var items = proposers.Take(Quorum).SelectMany(d => d.TakeSubmissions()).Select(e => e.Encode()).ToList();
        Shuffle(items);
        // Injected entries go first: the adversary wins the race it chose.
        items.InsertRange(0, _injected.Select(e => e.Encode()));
        _injected.Clear();
        if (items.Count == 0)
        {
            return;
        }
        var result = _applier.Apply(_epoch, Hash32.Of(BitConverter.GetBytes(_epoch)), items);
        _epoch++;
        if (result.Block is { } block)
        {
            _blocks.Add(block);
            foreach (var driver in _drivers.Values)
            {
                driver.OnBlock(block.Entries);
            }
            Collect();
        }
    }

    private void Collect()
    {
        foreach (var (id, driver) in _drivers)
        {
            foreach (var send in driver.TakeOutbox())
            {
                var key = (id, send.Peer);
                if (!_links.TryGetValue(key, out var queue))
                {
                    _links[key] = queue = new Queue<SwarmMessage>();
                }
                // Through the real codec, as on the wire.
                queue.Enqueue(SwarmCodec.Decode(SwarmCodec.Encode(send.Message)));
            }
        }
    }

    /// <summary>Delivers every queued message, picking a random non-empty link each time (FIFO within a link).</summary>
    private void Deliver()
    {
        for (var budget = 100_000; budget > 0; budget--)
        {
            var ready = _links.Where(l => l.Value.Count > 0).Select(l => l.Key).ToList();
            if (ready.Count == 0)
            {
                return;
            }
            var (from, to) = ready[_random.Next(ready.Count)];
            _drivers[to].OnSwarm(from, _links[(from, to)].Dequeue());
            Collect();
        }
    }

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
