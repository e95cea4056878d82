using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Shards;

/// <summary>
/// What one input to a <see cref="CrossShardCoordinator"/> produced: messages to send, entries for this node's pending
/// pool, and entries of its own to take back out of the pool (another copy was committed). The caller carries them out;
/// the coordinator does no I/O, so the same code runs in the simulator and in a node.
/// </summary>
public sealed class CrossShardStep
{
    public List<(uint Shard, int Index, CrossShardMessage Message)> Messages { get; } = [];

    public List<LedgerEntry> Submissions { get; } = [];

    public List<Hash32> Withdrawals { get; } = [];

    public void Send(uint shard, int index, CrossShardMessage message) => Messages.Add((shard, index, message));

    /// <summary>Moves everything asked for so far into a new step and leaves this one empty (carrying it out may ask for more).</summary>
    public CrossShardStep Take()
    {
        var taken = new CrossShardStep();
        taken.Messages.AddRange(Messages);
        taken.Submissions.AddRange(Submissions);
        taken.Withdrawals.AddRange(Withdrawals);
        Messages.Clear();
        Submissions.Clear();
        Withdrawals.Clear();
        return taken;
    }

    public bool IsEmpty => Messages.Count == 0 && Submissions.Count == 0 && Withdrawals.Count == 0;
}
