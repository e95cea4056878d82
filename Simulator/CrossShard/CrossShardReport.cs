using DumboFL.Ledger.Entries;

namespace DumboFL.Simulator;

/// <summary>
/// How the cross-shard txs of a run ended, read from the honest nodes' ledgers. A tx is <b>committed</b> when its output
/// leg is in the output shard's ledger, <b>aborted</b> when every shard of the tx committed its abort, <b>pending</b> when
/// neither holds and the run was cut short. A <b>violation</b> is an output leg committed twice at a node, committed
/// while the tx is aborted somewhere, an outcome honest nodes of one shard disagree on, or, once the run drained, a tx
/// neither committed nor aborted everywhere (lost) or one whose outcome is not the one its validity flags decide.
/// </summary>
public sealed record CrossShardReport(int Submitted, int Committed, int Aborted, int Pending, IReadOnlyList<string> Violations, long MessagesDelivered)
{
    public bool Passed => Violations.Count == 0;

    public static CrossShardReport Of(IReadOnlyList<CrossShardTx> txs, IReadOnlyList<ShardSimulation> shards, bool drained, long delivered)
    {
        var outputs = shards.Select(s => s.Honest.Select(h => OutputCounts(h.Instance.Ledger)).ToArray()).ToArray();
        int committed = 0, aborted = 0, pending = 0;
        var violations = new List<string>();
        foreach (var tx in txs)
        {
            var legId = tx.Id;
            var counts = outputs[tx.OutputShard].Select(c => c.GetValueOrDefault(legId)).ToArray();
            var involved = tx.Shards();
            var abortedAt = involved.ToDictionary(s => s, s => shards[(int)s].Honest.Select(h => h.Instance.Ledger.State.CrossShard(legId).Aborted).ToArray());
            var isCommitted = counts.Any(c => c > 0);
            var isAborted = abortedAt.Values.All(nodes => nodes.Length > 0 && nodes.All(a => a));
            if (counts.Any(c => c > 1))
            {
                violations.Add($"tx {legId}: output leg committed {counts.Max()} times at one node of shard {tx.OutputShard}");
            }
            if (isCommitted && abortedAt.Values.Any(nodes => nodes.Any(a => a)))
            {
                violations.Add($"tx {legId}: committed on shard {tx.OutputShard} and aborted on shard {abortedAt.First(a => a.Value.Any(x => x)).Key}");
            }
            if (drained)
            {
                if (counts.Any(c => c != counts[0]))
                {
                    violations.Add($"tx {legId}: honest nodes of shard {tx.OutputShard} disagree on its output leg ([{string.Join(",", counts)}])");
                }
                foreach (var (shard, nodes) in abortedAt.Where(a => a.Value.Distinct().Count() > 1))
                {
                    violations.Add($"tx {legId}: honest nodes of shard {shard} disagree on its abort");
                }
            }
            if (isCommitted)
            {
                committed++;
            }
            else if (isAborted)
            {
                aborted++;
            }
            else if (drained)
            {
                violations.Add($"tx {legId} (inputs [{string.Join(",", tx.InputShards)}], valid [{string.Join(",", tx.InputValid.Select(v => v ? 1 : 0))}], output {tx.OutputShard}): lost, neither committed nor aborted on every shard");
            }
            else
            {
                pending++;
            }
            var shouldCommit = tx.InputValid.All(v => v);
            if ((isCommitted && !shouldCommit) || (isAborted && shouldCommit))
            {
                violations.Add($"tx {legId}: {(isCommitted ? "committed" : "aborted")} although its legs are [{string.Join(",", tx.InputValid.Select(v => v ? 1 : 0))}]");
            }
        }
        return new CrossShardReport(txs.Count, committed, aborted, pending, violations, delivered);
    }

    /// <summary>Output legs in a node's ledger, by the id of their tx's input form.</summary>
    private static Dictionary<DumboFL.Core.Hashing.Hash32, int> OutputCounts(NodeLedger ledger)
    {
        var counts = new Dictionary<DumboFL.Core.Hashing.Hash32, int>();
        foreach (var block in ledger.Blocks())
        {
            foreach (var entry in block.Entries)
            {
                if (entry is CrossShardTx { OutputValid: true, IsIntraShard: false } output)
                {
                    counts[output.LegId] = counts.GetValueOrDefault(output.LegId) + 1;
                }
            }
        }
        return counts;
    }
}
