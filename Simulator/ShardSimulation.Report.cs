namespace DumboFL.Simulator;

public sealed partial class ShardSimulation
{
    private ShardResult Report(RunRecord record, IReadOnlyList<CheckOutcome> checks, TimeSpan wallTime)
    {
        var nodes = _honest.Select(h =>
        {
            var committed = h.Instance.Committed;
            var distinct = new HashSet<byte[]>(committed.SelectMany(b => b.Items), ByteArrayComparer.Instance);
            return new NodeReport(h.Index, h.Instance.Node.CommittedEpochs, CommitChain.Digest(committed).ToHex(),
                distinct.Count, h.Instance.Faults.Count);
        }).ToArray();
        var duplicates = _honest.Select(h => h.Instance.Committed.Sum(b => b.Items.Count)
            - new HashSet<byte[]>(h.Instance.Committed.SelectMany(b => b.Items), ByteArrayComparer.Instance).Count);
        return new ShardResult
        {
            Shard = _shard,
            ShardSeed = _seed,
            Nodes = _options.Nodes,
            Faulty = _faulty.OrderBy(f => f.Key).Select(f => (f.Key, f.Value)).ToArray(),
            EpochsCommitted = _honest.Count == 0 ? 0 : _honest.Min(h => h.Instance.Node.CommittedEpochs),
            Honest = nodes,
            CommittedEntries = nodes.Length == 0 ? 0 : nodes.Max(n => n.CommittedEntries),
            SubmittedEntries = record.SubmittedToHonest.Count,
            DuplicateEntries = duplicates.DefaultIfEmpty(0).Max(),
            MessagesDelivered = _network.Delivered,
            SimulatedTime = _network.Now,
            WallTime = wallTime,
            Checks = checks,
            AdversaryStats = _stats.Select(s => new KeyValuePair<string, long>(s.Key, s.Value())).ToArray(),
        };
    }
}
