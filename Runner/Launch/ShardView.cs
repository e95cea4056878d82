namespace DumboFL.Runner.Launch;

/// <summary>One shard's figures out of its nodes' latest <c>/status</c> answers.</summary>
public sealed record ShardView(int Shard, IReadOnlyList<string> Nodes, IReadOnlyDictionary<string, NodeStatus> Statuses)
{
    private IEnumerable<NodeStatus> Known => Nodes.Where(Statuses.ContainsKey).Select(id => Statuses[id]);

    /// <summary>Entries committed by the shard: the furthest node's count (the others are a prefix of it).</summary>
    public long Committed => Known.Select(s => s.CommittedEntries).DefaultIfEmpty(0).Max();

    public long Epoch => Known.Select(s => s.Epoch).DefaultIfEmpty(0).Max();

    public long Pool => Known.Select(s => s.Pool).DefaultIfEmpty(0).Sum();

    /// <summary>Every node's histogram added up: the latency of all entries submitted to the shard.</summary>
    public LatencyHistogram Latency => Known.Aggregate(LatencyHistogram.Empty, (sum, s) => sum.Add(s.Latency));

    public IReadOnlyDictionary<string, long?> Heights =>
        Nodes.ToDictionary(id => id, id => Statuses.TryGetValue(id, out var s) ? s.Height : null, StringComparer.Ordinal);

    public long? MaxHeight => Known.Select(s => s.Height).Max();
}
