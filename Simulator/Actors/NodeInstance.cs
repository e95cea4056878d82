using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// A <see cref="DumboNode"/> with its ledger and everything it produced recorded: committed batches (each
/// applied to the ledger as it is output), faults it reported, and the first exception it threw (an honest
/// node throwing, in consensus or while applying a batch, is a bug the checker reports).
/// </summary>
public sealed class NodeInstance
{
    private readonly List<CommittedBatch> _committed = [];
    private readonly List<Fault> _faults = [];

    public NodeInstance(ConsensusConfig config, NodeLedger ledger)
    {
        Ledger = ledger;
        Node = new DumboNode(config, ledger.Book);
    }

    public DumboNode Node { get; }

    public NodeLedger Ledger { get; }

    public IReadOnlyList<CommittedBatch> Committed => _committed;

    public IReadOnlyList<Fault> Faults => _faults;

    public string? Exception { get; private set; }

    public int Exceptions { get; private set; }

    /// <summary>The highest epoch this node has started (running or committed), or −1.</summary>
    public long StartedThrough => Node.IsEpochRunning ? (long)Node.CurrentEpoch : (long)Node.CommittedEpochs - 1;

    public IReadOnlyList<OutgoingMessage> Start() => Record(() => Node.Start(), "Start()");

    public IReadOnlyList<OutgoingMessage> Submit(IReadOnlyList<byte[]> items) => Record(() => Node.Submit(items), "Submit()");

    public IReadOnlyList<OutgoingMessage> Handle(int from, ConsensusMessage message) =>
        Record(() => Node.Handle(from, message), $"Handle({from}, {message.GetType().Name} epoch {message.Epoch})");

    private IReadOnlyList<OutgoingMessage> Record(Func<Step> action, string what)
    {
        Step step;
        try
        {
            step = action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Threw(what, e);
            return [];
        }
        _committed.AddRange(step.Outputs);
        _faults.AddRange(step.Faults);
        foreach (var batch in step.Outputs)
        {
            try
            {
                Ledger.Apply(batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Threw($"applying the batch of epoch {batch.Epoch} ({batch.Items.Count} items)", e);
            }
        }
        return step.Messages;
    }

    private void Threw(string what, Exception e)
    {
        Exceptions++;
        Exception ??= $"{what} threw {e.GetType().Name}: {e.Message} at {FirstFrame(e)}";
    }

    private static string FirstFrame(Exception e) =>
        e.StackTrace?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";
}
