using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// The properties every run must have while at most f nodes are faulty: agreement, validity, termination
/// of every started epoch, no honest node reported as faulty, and no honest node throwing.
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
        return Pass(CheckOutcome.Agreement, $"{run.Honest.Count} honest nodes, {longest} epochs, identical batches");
    }

    private static CheckOutcome Validity(RunRecord run)
    {
        var committed = new HashSet<byte[]>(ByteArrayComparer.Instance);
        foreach (var honest in run.Honest)
        {
            foreach (var batch in honest.Instance.Committed)
            {
                committed.UnionWith(batch.Items);
            }
        }
        var missing = run.SubmittedToHonest.Where(item => !committed.Contains(item)).ToArray();
        return missing.Length == 0
            ? Pass(CheckOutcome.Validity, $"all {run.SubmittedToHonest.Count} items submitted to honest nodes were committed")
            : Fail(CheckOutcome.Validity,
                $"{missing.Length} of {run.SubmittedToHonest.Count} items submitted to honest nodes were never committed (first: {Convert.ToHexStringLower(missing[0].AsSpan(0, Math.Min(8, missing[0].Length)))}…)");
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

    private static CheckOutcome Pass(string name, string detail) => new(name, true, detail);

    private static CheckOutcome Fail(string name, string detail) => new(name, false, detail);
}
