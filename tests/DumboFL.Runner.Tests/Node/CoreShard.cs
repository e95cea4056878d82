using DumboFL.Consensus;
using DumboFL.Consensus.Wire;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Book;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;
using DumboFL.Runner.Node;
using DumboFL.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace DumboFL.Runner.Tests.Node;

/// <summary>
/// n <see cref="NodeCore"/>s of one shard wired through an in-memory, seeded, reordering network that carries the
/// real wire bytes (consensus codec, sync codec). Nodes can be crashed (all their traffic dropped) and restarted on
/// the same ledger store and data directory, as a process restart would.
/// </summary>
internal sealed class CoreShard : IDisposable
{
    private readonly TestShard _shard;
    private readonly Random _random;
    private readonly List<(int From, int To, int Channel, byte[] Payload)> _inFlight = [];
    private readonly string _root;
    private readonly bool[] _down;

    public CoreShard(int n, int seed, int batch)
    {
        Seed = seed;
        _shard = new ShardBuilder(n).WithSeed((ulong)seed).WithBatch(batch).Build();
        _random = new Random(seed);
        _root = Path.Combine(Path.GetTempPath(), "dumbofl-core-" + Guid.NewGuid().ToString("N"));
        _down = new bool[n];
        Stores = [.. Enumerable.Range(0, n).Select(_ => new InMemoryLedgerStore())];
        Cores = new NodeCore[n];
        for (var i = 0; i < n; i++)
        {
            Cores[i] = NewCore(i);
            Cores[i].Start();
        }
    }

    public int Seed { get; }

    public ManualTime Time { get; } = new();

    public NodeCore[] Cores { get; }

    public InMemoryLedgerStore[] Stores { get; }

    public int N => Cores.Length;

    public void Crash(int node)
    {
        _down[node] = true;
        _inFlight.RemoveAll(m => m.From == node || m.To == node);
    }

    /// <summary>A new core on the crashed node's store and data directory.</summary>
    public void Restart(int node)
    {
        _down[node] = false;
        Cores[node] = NewCore(node);
        Cores[node].Start();
    }

    public SubmitOutcome Submit(int node, IEnumerable<LedgerEntry> entries)
    {
        var reply = new TaskCompletionSource<SubmitOutcome>();
        var decoded = entries.Select((e, i) => new DecodedEntry(i, e, null)).ToList();
        Cores[node].Handle(new EntriesSubmitted(decoded, Time.GetTimestamp(), reply));
        return reply.Task.Result;
    }

    /// <summary>Delivers messages in random order until none is left or <paramref name="until"/> holds; a tick every 200 deliveries.</summary>
    public bool Run(Func<bool> until, int maxDeliveries = 2_000_000)
    {
        for (var delivered = 0; delivered < maxDeliveries; delivered++)
        {
            if (until())
            {
                return true;
            }
            if (_inFlight.Count == 0 || delivered % 200 == 199)
            {
                TickAll();
                if (_inFlight.Count == 0)
                {
                    continue;
                }
            }
            var index = _random.Next(_inFlight.Count);
            var (from, to, channel, payload) = _inFlight[index];
            _inFlight[index] = _inFlight[^1];
            _inFlight.RemoveAt(_inFlight.Count - 1);
            CoreEvent coreEvent = channel == Channels.Consensus
                ? new ConsensusArrived(from, ConsensusCodec.Decode(payload, WireLimits.For(_shard.Configs[to])))
                : new SyncArrived(from, SyncCodec.Decode(payload, 1 << 20));
            Cores[to].Handle(coreEvent);
        }
        return until();
    }

    public void TickAll()
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < N; i++)
        {
            if (!_down[i])
            {
                Cores[i].Handle(new Tick());
            }
        }
    }

    public ulong? Height(int node) => Stores[node].Height;

    public BlockHeader? Header(int node, ulong height) => Stores[node].GetHeader(height);

    public void Dispose()
    {
        foreach (var store in Stores)
        {
            store.Dispose();
        }
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private NodeCore NewCore(int node)
    {
        var store = Stores[node];
        var data = Path.Combine(_root, node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(data);
        var state = new LedgerState(store, 0, 1, _ => true);
        var validator = new EntryValidator(LedgerRules.Default);
        var book = new TxBook(validator, state);
        return new NodeCore(_shard.Configs[node], store, state, book, new BlockApplier(store, state, validator), new Link(this, node),
            ConsensusStateFile.Open(data), Time, NullLogger.Instance, poolMax: 100_000);
    }

    private sealed class Link(CoreShard shard, int self) : IShardLink
    {
        public void Send(int node, int channel, ulong epoch, ReadOnlyMemory<byte> payload)
        {
            if (!shard._down[self] && !shard._down[node])
            {
                shard._inFlight.Add((self, node, channel, payload.ToArray()));
            }
        }

        public void Broadcast(int channel, ulong epoch, ReadOnlyMemory<byte> payload)
        {
            for (var node = 0; node < shard.N; node++)
            {
                if (node != self)
                {
                    Send(node, channel, epoch, payload);
                }
            }
        }
    }
}
