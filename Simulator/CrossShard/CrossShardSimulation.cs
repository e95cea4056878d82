using System.Diagnostics;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;
using DumboFL.Shards;

namespace DumboFL.Simulator;

/// <summary>
/// K shards in one seeded simulation, joined by the cross-shard protocol (docs/CROSS_SHARD.md). Every shard runs on its
/// own simulated wire as in a single-shard run (its adversaries included); cross-shard messages travel on one more wire
/// with the same delay model. One event loop takes the earliest event of all the wires, so the whole run is one
/// deterministic sequence for its seed. Faulty nodes take no part in the cross-shard protocol (they neither relay nor
/// sign), which the protocol tolerates like crashed nodes.
/// </summary>
public sealed class CrossShardSimulation
{
    private readonly SimulationOptions _options;
    private readonly ShardSimulation[] _shards;
    private readonly IReadOnlyList<CrossShardTx> _txs;
    private readonly PriorityQueue<(int To, uint ToShard, uint FromShard, int From, byte[] Bytes), (double Time, long Sequence)> _wire = new();
    private readonly DeterministicRandom _random;
    private readonly DelayModel _delays = new();
    private long _sequence;

    public CrossShardSimulation(SimulationOptions options, Action<ShardProgress>? progress = null, IReadOnlyList<NodeKey>? nodeKeys = null)
    {
        _options = options;
        _random = DeterministicRandom.For(options.Seed, "cross-shard-wire");
        var keys = Enumerable.Range(0, options.Shards)
            .Select(s => ShardKeys.Create(options.Nodes, SeedDerivation.Derive(options.Seed, "shard", s), nodeKeys)).ToArray();
        var clusterId = Hash32.Of(BitConverter.GetBytes(options.Seed));
        var link = new CrossShardLink(
            new CrossShardKeys(clusterId, keys.Select(k => k.Committee).ToArray()),
            new ShardMap(1, Enumerable.Range(0, options.Shards).Select(s => (IReadOnlyList<string>)Enumerable.Range(0, options.Nodes).Select(i => $"{s}-{i}").ToArray()).ToArray()));
        var loads = Enumerable.Range(0, options.Shards)
            .Select(s => ItemLoad.Create(options.Nodes, s, options.Epochs, options.Batch, options.TxSize, SeedDerivation.Derive(options.Seed, "shard", s), options.Invalid))
            .ToArray();
        _txs = CrossShardLoad.Create(options, loads);
        _shards = Enumerable.Range(0, options.Shards).Select(s => new ShardSimulation(options, s, keys[s], progress, loads[s], link)).ToArray();
    }

    /// <summary>Cross-shard messages delivered.</summary>
    public long Delivered { get; private set; }

    public SimulationResult Run()
    {
        var clock = Stopwatch.StartNew();
        foreach (var shard in _shards)
        {
            shard.Begin();
            Collect(shard);
        }
        while (_shards.All(s => !s.IsStopped))
        {
            var next = -1;
            var at = double.MaxValue;
            for (var s = 0; s < _shards.Length; s++)
            {
                if (_shards[s].TryPeekTime(out var time) && time < at)
                {
                    (next, at) = (s, time);
                }
            }
            if (_wire.TryPeek(out var message, out var key) && key.Time <= at)
            {
                _wire.Dequeue();
                Delivered++;
                var target = _shards[(int)message.ToShard];
                target.DeliverCrossShard(message.To, message.FromShard, message.From, message.Bytes, key.Time);
                Collect(target);
                continue;
            }
            if (next < 0)
            {
                break;
            }
            _shards[next].DeliverNext();
            Collect(_shards[next]);
        }
        var stopped = _shards.FirstOrDefault(s => s.IsStopped);
        foreach (var shard in _shards.Where(s => !s.IsStopped && stopped is not null))
        {
            shard.Stop($"shard {stopped!.ShardIndex} hit its cap");
        }
        var results = _shards.Select(s => s.Finish()).ToArray();
        var report = CrossShardReport.Of(_txs, _shards, drained: stopped is null && _wire.Count == 0, Delivered);
        return new SimulationResult(_options, results, clock.Elapsed) { CrossShard = report };
    }

    private void Collect(ShardSimulation shard)
    {
        foreach (var (from, toShard, to, bytes) in shard.DrainCrossShardOutbox())
        {
            if (toShard >= (uint)_shards.Length || to < 0 || to >= _options.Nodes)
            {
                continue;
            }
            var at = shard.Now + _delays.Sample(_random);
            _wire.Enqueue((to, toShard, (uint)shard.ShardIndex, from, bytes), (at, _sequence++));
        }
    }
}
