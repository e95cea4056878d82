using DumboFL.Ledger.Validation;

namespace DumboFL.Simulator;

public sealed partial class ShardSimulation
{
    private ShardResult Report(RunRecord record, IReadOnlyList<CheckOutcome> checks, TimeSpan wallTime)
    {
        var nodes = _honest.Select(h =>
        {
            var ledger = h.Instance.Ledger;
            var blocks = ledger.Blocks().ToArray();
            var distinct = blocks.SelectMany(b => b.Entries).Select(e => e.Id).ToHashSet().Count;
            return new NodeReport(h.Index, h.Instance.Node.CommittedEpochs, CommitChain.Digest(h.Instance.Committed).ToHex(),
                distinct, h.Instance.Faults.Count)
            {
                Blocks = blocks.Length,
                HeadHash = blocks.Length == 0 ? null : blocks[^1].Header.Hash.ToHex(),
                PurgedAtCut = ledger.TxBook?.Purged.Values.Sum() ?? 0,
                Refused = ledger.TxBook?.Refused.Values.Sum() ?? 0,
            };
        }).ToArray();
        var duplicates = _honest.Select(h =>
        {
            var entries = h.Instance.Ledger.Blocks().SelectMany(b => b.Entries).ToArray();
            return entries.Length - entries.Select(e => e.Id).Distinct().Count();
        });
        var first = _honest.FirstOrDefault()?.Instance.Ledger;
        var outcomes = first?.Outcomes ?? [];
        var atCut = _honest.SelectMany(h => h.Instance.Ledger.TxBook?.Purged ?? new Dictionary<InvalidReason, long>());
        var atCommit = outcomes.SelectMany(o => o.Result.Purged).Select(p => new KeyValuePair<InvalidReason, long>(p.Key, p.Value)).ToArray();
        var valid = record.SubmittedToHonest.Count(item => record.Load.ExpectationOf(item) == Expectation.Commit);
        return new ShardResult
        {
            Shard = _shard,
            ShardSeed = _seed,
            Nodes = _options.Nodes,
            Faulty = _faulty.OrderBy(f => f.Key).Select(f => (f.Key, f.Value)).ToArray(),
            EpochsCommitted = _honest.Count == 0 ? 0 : _honest.Min(h => h.Instance.Node.CommittedEpochs),
            Honest = nodes,
            CommittedEntries = nodes.Length == 0 ? 0 : nodes[0].CommittedEntries,
            SubmittedEntries = record.SubmittedToHonest.Count,
            SubmittedValid = valid,
            DuplicateEntries = duplicates.DefaultIfEmpty(0).Max(),
            PurgedAtCut = nodes.Sum(n => n.PurgedAtCut),
            PurgedAtCommit = atCommit.Sum(p => p.Value),
            PurgedByReason = ReasonNames.Sum(atCut.Concat(atCommit)),
            Refused = nodes.Sum(n => n.Refused),
            Blocks = nodes.Length == 0 ? 0 : nodes[0].Blocks,
            EmptyBatches = outcomes.Count(o => o.Result.Block is null),
            InvalidOnlyBatches = outcomes.Count(o => o.InvalidOnly),
            LedgerHeight = first?.Store.Height,
            MessagesDelivered = _network.Delivered,
            SimulatedTime = _network.Now,
            WallTime = wallTime,
            Checks = checks,
            AdversaryStats = _stats.Select(s => new KeyValuePair<string, long>(s.Key, s.Value())).ToArray(),
        };
    }
}
