using DumboFL.Consensus;
using DumboFL.Core.Hashing;

namespace DumboFL.Simulator;

/// <summary>
/// The properties every run must have while at most f nodes are faulty: agreement (batches and blocks),
/// validity (valid entries committed exactly once, invalid ones never), termination of every started epoch,
/// no honest node reported as faulty, no honest node throwing, and no block without a valid entry.
/// </summary>
public static class RunChecker
{
    public static IReadOnlyList<CheckOutcome> Check(RunRecord run) =>
    [
        Agreement(run),
        Validity(run),
        Termination(run),
        NoHonestFlagged(run),
        NoExceptions(run),
        NoEmptyBlocks(run),
    ];

    private static CheckOutcome Agreement(RunRecord run)
    {
        var longest = run.Honest.Max(h => h.Instance.Committed.Count);
        for (var position = 0; position < longest; position++)
        {
            var seen = new List<(int Node, CommittedBatch Batch)>();
            foreach (var honest in run.Honest)
            {
                if (position < honest.Instance.Committed.Count)
                {
                    var batch = honest.Instance.Committed[position];
                    if (batch.Epoch != (ulong)position)
                    {
                        return Fail(CheckOutcome.Agreement, $"node {honest.Index} committed epoch {batch.Epoch} as its batch #{position}");
                    }
                    seen.Add((honest.Index, batch));
                }
            }
            var first = seen[0];
            foreach (var (node, batch) in seen.Skip(1))
            {
                if (batch.Digest != first.Batch.Digest || CommitChain.ContentDigest(batch) != CommitChain.ContentDigest(first.Batch))
                {
                    return Fail(CheckOutcome.Agreement,
                        $"epoch {position}: node {first.Node} committed {first.Batch.Digest} ({first.Batch.Items.Count} items, proposers [{string.Join(",", first.Batch.Proposers)}]), " +
                        $"node {node} committed {batch.Digest} ({batch.Items.Count} items, proposers [{string.Join(",", batch.Proposers)}])");
                }
            }
        }
        return BlockAgreement(run) is { } disagreement
            ? Fail(CheckOutcome.Agreement, disagreement)
            : Pass(CheckOutcome.Agreement, $"{run.Honest.Count} honest nodes, {longest} epochs, identical batches and block headers");
    }

    /// <summary>Block header hashes per height, across honest nodes (each node's chain may be a prefix of another's).</summary>
    private static string? BlockAgreement(RunRecord run)
    {
        var chains = run.Honest.Select(h => (h.Index, Headers: h.Instance.Ledger.Blocks().Select(b => b.Header).ToArray())).ToArray();
        var tallest = chains.Max(c => c.Headers.Length);
        for (var height = 0; height < tallest; height++)
        {
            var present = chains.Where(c => height < c.Headers.Length).ToArray();
            var first = present[0];
            foreach (var (node, headers) in present.Skip(1))
            {
                if (headers[height].Hash != first.Headers[height].Hash)
                {
                    return $"height {height}: node {first.Index} has block {first.Headers[height].Hash} (epoch {first.Headers[height].Epoch}), " +
                        $"node {node} has {headers[height].Hash} (epoch {headers[height].Epoch})";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Every valid entry submitted to an honest node is in exactly one block at every honest node; no entry the
    /// load marked invalid is in any honest node's blocks; no entry is in a node's blocks twice; entries in
    /// conflict with each other (<see cref="Expectation.AtMostOnce"/>) are there at most once.
    /// </summary>
    private static CheckOutcome Validity(RunRecord run)
    {
        var required = new List<Hash32>();
        foreach (var item in run.SubmittedToHonest)
        {
            if (run.Load.ExpectationOf(item) == Expectation.Commit)
            {
                required.Add(Hash32.Of(item));
            }
        }
        var forbidden = new HashSet<Hash32>();
        var atMostOnce = new HashSet<Hash32>();
        foreach (var (item, expectation) in run.Load.Expectations)
        {
            if (expectation is Expectation.Purge or Expectation.Refuse)
            {
                forbidden.Add(Hash32.Of(item));
            }
            else if (expectation == Expectation.AtMostOnce)
            {
                atMostOnce.Add(Hash32.Of(item));
            }
        }
        foreach (var honest in run.Honest)
        {
            var counts = EntryCounts(honest);
            if (counts.FirstOrDefault(c => c.Value > 1) is { Value: > 1 } repeated)
            {
                return Fail(CheckOutcome.Validity, $"node {honest.Index} committed entry {repeated.Key} {repeated.Value} times");
            }
            var missing = required.Where(id => !counts.ContainsKey(id)).ToArray();
            if (missing.Length > 0)
            {
                return Fail(CheckOutcome.Validity,
                    $"{missing.Length} of {required.Count} valid entries submitted to honest nodes are in no block of node {honest.Index} (first: {missing[0]})");
            }
            foreach (var id in counts.Keys)
            {
                if (forbidden.Contains(id))
                {
                    return Fail(CheckOutcome.Validity, $"node {honest.Index} committed entry {id}, which the load marked invalid");
                }
            }
        }
        var contested = atMostOnce.Count == 0 ? "" : $", {atMostOnce.Count} conflicting entries at most once";
        return Pass(CheckOutcome.Validity,
            $"all {required.Count} valid entries submitted to honest nodes committed exactly once at each of {run.Honest.Count} honest nodes, " +
            $"none of {forbidden.Count} invalid ones{contested}");
    }

    private static Dictionary<Hash32, int> EntryCounts(HonestActor honest)
    {
        var counts = new Dictionary<Hash32, int>();
        foreach (var block in honest.Instance.Ledger.Blocks())
        {
            foreach (var entry in block.Entries)
            {
                counts[entry.Id] = counts.GetValueOrDefault(entry.Id) + 1;
            }
        }
        return counts;
    }

    private static CheckOutcome Termination(RunRecord run)
    {
        if (run.Stopped is { } reason)
        {
            return Fail(CheckOutcome.Termination, reason);
        }
        foreach (var honest in run.Honest)
        {
            var node = honest.Instance.Node;
            if (node.IsEpochRunning)
            {
                return Fail(CheckOutcome.Termination, $"node {honest.Index} is stuck in epoch {node.CurrentEpoch} with nothing left on the wire");
            }
            if ((long)node.CommittedEpochs <= run.MaxStartedEpoch)
            {
                return Fail(CheckOutcome.Termination,
                    $"node {honest.Index} committed {node.CommittedEpochs} epochs, but an honest node started epoch {run.MaxStartedEpoch}");
            }
            if (node.CommittedEpochs < (ulong)run.MinimumEpochs)
            {
                return Fail(CheckOutcome.Termination, $"node {honest.Index} committed {node.CommittedEpochs} epochs, fewer than the {run.MinimumEpochs} it had to run");
            }
        }
        return Pass(CheckOutcome.Termination, $"every honest node committed all {run.MaxStartedEpoch + 1} started epochs");
    }

    private static CheckOutcome NoHonestFlagged(RunRecord run)
    {
        var honestIds = run.Honest.Select(h => h.Index).ToHashSet();
        foreach (var honest in run.Honest)
        {
            if (honest.Instance.Faults.FirstOrDefault(f => honestIds.Contains(f.Node)) is { } fault)
            {
                return Fail(CheckOutcome.NoHonestFlagged, $"node {honest.Index} reported honest node {fault.Node}: {fault.Kind} {fault.Detail}");
            }
        }
        var total = run.Honest.Sum(h => h.Instance.Faults.Count);
        return Pass(CheckOutcome.NoHonestFlagged, $"{total} faults reported, all against faulty nodes");
    }

    private static CheckOutcome NoExceptions(RunRecord run) =>
        run.Honest.FirstOrDefault(h => h.Instance.Exception is not null) is { } thrower
            ? Fail(CheckOutcome.NoExceptions, $"node {thrower.Index}: {thrower.Instance.Exception} ({thrower.Instance.Exceptions} in all)")
            : Pass(CheckOutcome.NoExceptions, "no honest node threw");

    /// <summary>
    /// A block is built exactly when a batch has a valid entry: each block holds the entries its batch accepted
    /// (at least one), a batch with no valid entry builds none, the store holds exactly those blocks, and there
    /// are no more blocks than epochs.
    /// </summary>
    private static CheckOutcome NoEmptyBlocks(RunRecord run)
    {
        foreach (var honest in run.Honest)
        {
            var ledger = honest.Instance.Ledger;
            var built = 0;
            foreach (var outcome in ledger.Outcomes)
            {
                var (block, accepted) = (outcome.Result.Block, outcome.Result.Accepted);
                if (block is not null && (block.Header.EntryCount <= 0 || block.Header.EntryCount != accepted || block.Entries.Count != accepted))
                {
                    return Fail(CheckOutcome.NoEmptyBlocks,
                        $"node {honest.Index}, epoch {outcome.Epoch}: block {block.Height} has {block.Header.EntryCount} entries ({block.Entries.Count} stored) for {accepted} accepted");
                }
                if (block is null && accepted > 0)
                {
                    return Fail(CheckOutcome.NoEmptyBlocks, $"node {honest.Index}, epoch {outcome.Epoch}: {accepted} entries accepted but no block built");
                }
                built += block is null ? 0 : 1;
            }
            var stored = ledger.Blocks().ToArray();
            if (stored.Length != built)
            {
                return Fail(CheckOutcome.NoEmptyBlocks, $"node {honest.Index} built {built} blocks but its store holds {stored.Length}");
            }
            if (stored.FirstOrDefault(b => b.Header.EntryCount <= 0 || b.Entries.Count == 0) is { } empty)
            {
                return Fail(CheckOutcome.NoEmptyBlocks, $"node {honest.Index} stored an empty block at height {empty.Height} (epoch {empty.Header.Epoch})");
            }
            if ((ulong)stored.Length > honest.Instance.Node.CommittedEpochs)
            {
                return Fail(CheckOutcome.NoEmptyBlocks, $"node {honest.Index} has {stored.Length} blocks from {honest.Instance.Node.CommittedEpochs} epochs");
            }
        }
        var first = run.Honest[0].Instance.Ledger;
        var blocks = first.Outcomes.Count(o => o.Result.Block is not null);
        var invalidOnly = first.Outcomes.Count(o => o.InvalidOnly);
        return Pass(CheckOutcome.NoEmptyBlocks,
            $"{blocks} blocks from {first.Outcomes.Count} epochs; {first.Outcomes.Count - blocks} batches without a valid entry built none ({invalidOnly} of them not empty)");
    }

    private static CheckOutcome Pass(string name, string detail) => new(name, true, detail);

    private static CheckOutcome Fail(string name, string detail) => new(name, false, detail);
}
