using DumboFL.Consensus;
using DumboFL.Ledger.Validation;
using DumboFL.Shards;

namespace DumboFL.Simulator;

/// <summary>What a shard of a cross-shard run knows of the others: every committee (for certificates) and the shard map.</summary>
public sealed record CrossShardLink(CrossShardKeys Keys, ShardMap Map);

public sealed partial class ShardSimulation
{
    public int ShardIndex => _shard;

    public IReadOnlyList<HonestActor> Honest => _honest;

    /// <summary>
    /// A cross-shard message reaches node <paramref name="to"/> at simulated time <paramref name="at"/>. Honest nodes hand
    /// it to their coordinator; faulty ones ignore the cross-shard protocol (they take no part in it, like a crashed node).
    /// </summary>
    public void DeliverCrossShard(int to, uint fromShard, int fromIndex, byte[] bytes, double at)
    {
        _network.AdvanceTo(at);
        if (_actors[to] is HonestActor honest)
        {
            Step(honest, outbox => outbox.AddAll(honest.Instance.DeliverCrossShard(fromShard, fromIndex, bytes)));
        }
    }

    /// <summary>Cross-shard messages honest nodes sent since the last call: (sender index, destination shard and index, bytes).</summary>
    public List<(int From, uint Shard, int Index, byte[] Bytes)> DrainCrossShardOutbox()
    {
        var sent = new List<(int, uint, int, byte[])>();
        foreach (var honest in _honest)
        {
            foreach (var (shard, index, bytes) in honest.Instance.CrossShardOutbox)
            {
                sent.Add((honest.Index, shard, index, bytes));
            }
            honest.Instance.CrossShardOutbox.Clear();
        }
        return sent;
    }

    private Func<NodeLedger, CrossShardCoordinator>? CoordinatorFor(int node, ConsensusConfig config) =>
        _link is null ? null : ledger => new CrossShardCoordinator(_link.Map, _link.Keys, (uint)_shard, node, config.Key, ledger.State);
}
