using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Book;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;
using DumboFL.Shards;

namespace DumboFL.Shards.Tests;

/// <summary>
/// K shards of n nodes, each node with its own store, committed state, validating pool, applier and coordinator, and
/// an ordering stand-in for consensus: in each round every shard's nodes cut their pools, the union (in node order) is
/// applied as one decided batch by every node of the shard, and the block is certified by all of them. Consensus itself
/// is tested elsewhere; this exercises the cross-shard protocol over real validation, real certificates and real
/// stores, with messages delivered in a seeded random order. <see cref="Silent"/> nodes neither send nor sign.
/// </summary>
internal sealed class CrossShardHarness : IDisposable
{
    private readonly Random _random;
    private readonly List<(uint FromShard, int FromIndex, uint ToShard, int ToIndex, byte[] Bytes)> _inFlight = [];
    private readonly NodeKey[][] _keys;

    public CrossShardHarness(int shards, int nodes, int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        _keys = Enumerable.Range(0, shards).Select(_ => Enumerable.Range(0, nodes).Select(_ => NodeKey.Generate()).ToArray()).ToArray();
        Map = new ShardMap(1, Enumerable.Range(0, shards).Select(s => (IReadOnlyList<string>)Enumerable.Range(0, nodes).Select(i => $"{s}-{i}").ToArray()).ToArray());
        Keys = new CrossShardKeys(Hash32.Of([7, 7, 7]), _keys.Select(k => new Committee(k.Select(key => key.PublicKey))).ToArray());
        Nodes = Enumerable.Range(0, shards).Select(s => Enumerable.Range(0, nodes).Select(i => new Node(this, (uint)s, i)).ToArray()).ToArray();
    }

    public int Seed { get; }

    public ShardMap Map { get; }

    public CrossShardKeys Keys { get; }

    public Node[][] Nodes { get; }

    /// <summary>Nodes (shard, index) that crash-stop: they take no part in cuts, signatures or messages.</summary>
    public HashSet<(uint Shard, int Index)> Silent { get; } = [];

    /// <summary>The node keys of <paramref name="shard"/>'s committee (to forge and test certificates).</summary>
    public NodeKey[] SigningKeys(uint shard) => _keys[shard];

    /// <summary>Messages decoded and handed to a coordinator so far.</summary>
    public int Delivered { get; private set; }

    /// <summary>Submits <paramref name="entry"/> to every live node of <paramref name="shard"/>; true if any took it.</summary>
    public bool Submit(uint shard, LedgerEntry entry)
    {
        var taken = false;
        foreach (var node in Live(shard))
        {
            taken |= node.Submit(entry);
        }
        return taken;
    }

    /// <summary>Runs commit rounds with message delivery in between until nothing moves (or <paramref name="maxRounds"/>).</summary>
    public int RunUntilQuiet(int maxRounds = 200)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var committed = false;
            for (var s = 0; s < Nodes.Length; s++)
            {
                committed |= CommitRound((uint)s);
            }
            var delivered = DeliverAll();
            if (!committed && delivered == 0)
            {
                return round;
            }
        }
        throw new AssertionException($"seed {Seed}: still busy after {maxRounds} rounds");
    }

    public IEnumerable<Node> Live(uint shard) => Nodes[shard].Where(n => !Silent.Contains((shard, n.Index)));

    /// <summary>One decided batch on <paramref name="shard"/>: every live node cuts, applies the union, certifies. True if anything was decided.</summary>
    public bool CommitRound(uint shard)
    {
        var live = Live(shard).ToArray();
        var items = new List<byte[]>();
        var seen = new HashSet<Hash32>();
        foreach (var node in live)
        {
            foreach (var item in node.Book.Cut(int.MaxValue, int.MaxValue, _random))
            {
                if (seen.Add(Hash32.Of(item)))
                {
                    items.Add(item);
                }
            }
            node.ReportInvalidLegs();
        }
        if (items.Count == 0)
        {
            return false;
        }
        var digest = Hash32.Of(items.SelectMany(i => i).ToArray());
        var epoch = (ulong)live[0].Store.Height.GetValueOrDefault() + 1;
        var blocks = live.Select(node => node.Apply(epoch, digest, items)).ToArray();
        if (blocks[0] is not { } block)
        {
            return true; // every item was purged: the round decided, nothing to store
        }
        if (blocks.Any(b => b?.Header.Hash != block.Header.Hash))
        {
            throw new AssertionException($"seed {Seed}: shard {shard} nodes built different blocks at height {block.Height}");
        }
        var statement = BlockStatements.Certify(Keys.Domain(shard), block.Header.Epoch, block.Height, block.Header.Hash);
        var certificate = QuorumCertificate.FromVotes(live.Select(n => KeyValuePair.Create(n.Index, _keys[shard][n.Index].Sign(statement))));
        foreach (var node in live)
        {
            node.Certified(block, certificate);
        }
        return true;
    }

    /// <summary>Delivers every message in flight (and whatever they cause) in seeded random order.</summary>
    public int DeliverAll()
    {
        var count = 0;
        while (_inFlight.Count > 0)
        {
            var pick = _random.Next(_inFlight.Count);
            var (fromShard, fromIndex, toShard, toIndex, bytes) = _inFlight[pick];
            _inFlight.RemoveAt(pick);
            if (Silent.Contains((toShard, toIndex)))
            {
                continue;
            }
            Nodes[toShard][toIndex].Receive(fromShard, fromIndex, CrossShardCodec.Decode(bytes));
            Delivered++;
            count++;
        }
        return count;
    }

    public void Dispose()
    {
        foreach (var key in _keys.SelectMany(k => k))
        {
            key.Dispose();
        }
        foreach (var node in Nodes.SelectMany(n => n))
        {
            node.Store.Dispose();
        }
    }

    internal sealed class Node
    {
        private readonly CrossShardHarness _harness;
        private BlockApplier _applier = null!;

        public Node(CrossShardHarness harness, uint shard, int index)
        {
            _harness = harness;
            Shard = shard;
            Index = index;
            Store = new InMemoryLedgerStore();
            Boot();
        }

        public uint Shard { get; }

        public int Index { get; }

        public InMemoryLedgerStore Store { get; }

        public LedgerState State { get; private set; } = null!;

        public TxBook Book { get; private set; } = null!;

        public CrossShardCoordinator Coordinator { get; private set; } = null!;

        /// <summary>
        /// A crash and restart: everything in memory is gone (pool, coordinator, committed-state overlays); the store
        /// stays, with the coordinator's rows as last staged. The new coordinator takes them back and resumes.
        /// </summary>
        public void Restart()
        {
            Boot();
            Coordinator.Restore(Store.LoadCrossShardPending());
            Run(Coordinator.Resume);
        }

        private void Boot()
        {
            State = new LedgerState(Store, Shard, (uint)_harness.Map.ShardCount, _ => true);
            var validator = new EntryValidator(LedgerRules.Default, _harness.Keys);
            Book = new TxBook(validator, State);
            _applier = new BlockApplier(Store, State, validator);
            Coordinator = new CrossShardCoordinator(_harness.Map, _harness.Keys, Shard, Index, _harness._keys[Shard][Index], State);
        }

        /// <summary>What a node's client API does: an invalid cross-shard leg is refused and reported to the protocol.</summary>
        public bool Submit(LedgerEntry entry)
        {
            if (Book.Check(entry) is { } reason)
            {
                if (reason == InvalidReason.InvalidLeg && entry is CrossShardTx { IsIntraShard: false } leg)
                {
                    Run(step => Coordinator.OnInvalidLeg(leg, step));
                }
                return false;
            }
            return Book.Submit(entry, checkedNow: true) is null;
        }

        public void ReportInvalidLegs()
        {
            foreach (var leg in Book.DrainInvalidLegs())
            {
                Run(step => Coordinator.OnInvalidLeg(leg, step));
            }
        }

        public Block? Apply(ulong epoch, Hash32 digest, IReadOnlyList<byte[]> items)
        {
            var result = _applier.Apply(epoch, digest, items);
            Book.Remove(items.Select(i => Hash32.Of(i)));
            foreach (var leg in result.InvalidLegs)
            {
                Run(step => Coordinator.OnInvalidLeg(leg, step));
            }
            if (result.Block is { } block)
            {
                Run(step => Coordinator.OnBlockCommitted(block, step));
            }
            return result.Block;
        }

        public void Certified(Block block, QuorumCertificate certificate) =>
            Run(step => Coordinator.OnBlockCertified(block, certificate, step));

        public void Receive(uint fromShard, int fromIndex, CrossShardMessage message) =>
            Run(step => Coordinator.OnMessage(fromShard, fromIndex, message, step));

        private void Run(Action<CrossShardStep> input)
        {
            var step = new CrossShardStep();
            input(step);
            Book.Remove(step.Withdrawals);
            foreach (var entry in step.Submissions)
            {
                Book.Submit(entry);
            }
            foreach (var (shard, index, message) in step.Messages)
            {
                _harness._inFlight.Add((Shard, Index, shard, index, CrossShardCodec.Encode(message)));
            }
            Store.StageCrossShardPending(Coordinator.DrainChanges());
        }
    }
}
