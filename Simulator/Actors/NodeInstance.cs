using DumboFL.Consensus;
using DumboFL.Shards;

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

    /// <summary>
    /// This node's side of the cross-shard protocol (docs/CROSS_SHARD.md), or null in a run without cross-shard
    /// traffic. With it, every block the node builds is certified, and the coordinator sees committed and certified
    /// blocks, invalid legs, and the messages <see cref="DeliverCrossShard"/> hands it.
    /// </summary>
    public CrossShardCoordinator? Coordinator { get; init; }

    /// <summary>Cross-shard messages this node sent (destination shard and index, encoded), for the driver to carry.</summary>
    public List<(uint Shard, int Index, byte[] Bytes)> CrossShardOutbox { get; } = [];

    /// <summary>A cross-shard message from node <paramref name="fromIndex"/> of <paramref name="fromShard"/>.</summary>
    public IReadOnlyList<OutgoingMessage> DeliverCrossShard(uint fromShard, int fromIndex, byte[] bytes)
    {
        if (Coordinator is null)
        {
            return [];
        }
        var pending = new CrossShardStep();
        if (!CrossShardCodec.TryDecode(bytes, out var message, out _))
        {
            return [];
        }
        try
        {
            Coordinator.OnMessage(fromShard, fromIndex, message!, pending);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Threw($"cross-shard {message!.GetType().Name} from {fromShard}-{fromIndex}", e);
            return [];
        }
        var messages = new List<OutgoingMessage>();
        Pump(pending, messages);
        return messages;
    }

    private IReadOnlyList<OutgoingMessage> Record(Func<Step> action, string what)
    {
        var messages = new List<OutgoingMessage>();
        var pending = new CrossShardStep();
        Record(action, what, messages, pending);
        Pump(pending, messages);
        return messages;
    }

    private void Record(Func<Step> action, string what, List<OutgoingMessage> messages, CrossShardStep pending)
    {
        Step step;
        try
        {
            step = action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Threw(what, e);
            return;
        }
        _committed.AddRange(step.Outputs);
        _faults.AddRange(step.Faults);
        messages.AddRange(step.Messages);
        foreach (var batch in step.Outputs)
        {
            BatchOutcome outcome;
            try
            {
                outcome = Ledger.Apply(batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Threw($"applying the batch of epoch {batch.Epoch} ({batch.Items.Count} items)", e);
                continue;
            }
            if (Coordinator is null)
            {
                continue;
            }
            foreach (var leg in outcome.Result.InvalidLegs)
            {
                Coordinator.OnInvalidLeg(leg, pending);
            }
            if (outcome.Result.Block is { } block)
            {
                Coordinator.OnBlockCommitted(block, pending);
                Record(() => Node.CertifyBlock(batch.Epoch, block.Height, block.Header.Hash), $"CertifyBlock({block.Height})", messages, pending);
            }
        }
        if (Coordinator is null)
        {
            return;
        }
        foreach (var certificate in step.Certificates)
        {
            if (Ledger.Store.GetBlock(certificate.Height) is { } block && block.Header.Hash == certificate.HeaderHash)
            {
                Coordinator.OnBlockCertified(block, certificate.Certificate, pending);
            }
        }
        if (Ledger.TxBook is { } book)
        {
            foreach (var leg in book.DrainInvalidLegs())
            {
                Coordinator.OnInvalidLeg(leg, pending);
            }
        }
    }

    /// <summary>Carries out what the coordinator asked for until it asks for nothing more.</summary>
    private void Pump(CrossShardStep pending, List<OutgoingMessage> messages)
    {
        while (!pending.IsEmpty)
        {
            var step = pending.Take();
            foreach (var (shard, index, message) in step.Messages)
            {
                CrossShardOutbox.Add((shard, index, CrossShardCodec.Encode(message)));
            }
            Ledger.TxBook?.Remove(step.Withdrawals);
            if (step.Submissions.Count > 0)
            {
                var items = step.Submissions.Select(e => e.Encode()).ToArray();
                Record(() => Node.Submit(items), "Submit(cross-shard entries)", messages, pending);
            }
        }
    }

    private void Threw(string what, Exception e)
    {
        Exceptions++;
        Exception ??= $"{what} threw {e.GetType().Name}: {e.Message} at {FirstFrame(e)}";
    }

    private static string FirstFrame(Exception e) =>
        e.StackTrace?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";
}
