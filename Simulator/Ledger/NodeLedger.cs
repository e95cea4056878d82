using DumboFL.Consensus;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Book;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;

namespace DumboFL.Simulator;

/// <summary>
/// A simulated node's ledger, in memory: a store, the committed state validation reads, and the book its
/// proposals are cut from. Every batch the node commits is applied here, in commit order. An honest node's
/// book is a validating <see cref="TxBook"/> (invalid entries are purged before each cut); a Byzantine node
/// may keep an opaque <see cref="PendingQueue"/> and so propose whatever it was given.
/// </summary>
public sealed class NodeLedger
{
    private readonly BlockApplier _applier;
    private readonly List<BatchOutcome> _outcomes = [];

    /// <param name="keys">Every shard's committee, for cross-shard certificates (a cross-shard run); null otherwise.</param>
    public NodeLedger(uint shard, uint shardCount, bool validatingBook, CrossShardKeys? keys = null)
    {
        Store = new InMemoryLedgerStore();
        State = new LedgerState(Store, shard, shardCount, SimulatedClients.IsKnown);
        var validator = new EntryValidator(LedgerRules.Default, keys);
        TxBook = validatingBook ? new TxBook(validator, State) : null;
        Book = TxBook ?? (IPendingBook)new PendingQueue();
        _applier = new BlockApplier(Store, State, validator);
    }

    public InMemoryLedgerStore Store { get; }

    public LedgerState State { get; }

    /// <summary>The book handed to the <see cref="DumboNode"/>.</summary>
    public IPendingBook Book { get; }

    /// <summary>The validating book, or null for an opaque one.</summary>
    public TxBook? TxBook { get; }

    /// <summary>Every committed batch, in order, with what applying it did.</summary>
    public IReadOnlyList<BatchOutcome> Outcomes => _outcomes;

    /// <summary>The blocks in the store, by height.</summary>
    public IEnumerable<Block> Blocks()
    {
        if (Store.Height is not { } tip)
        {
            yield break;
        }
        for (var h = 0UL; h <= tip; h++)
        {
            yield return Store.GetBlock(h) ?? throw new InvalidOperationException($"the store has no block at height {h} below its tip {tip}");
        }
    }

    public BatchOutcome Apply(CommittedBatch batch)
    {
        var outcome = new BatchOutcome(batch.Epoch, batch.Items.Count, _applier.Apply(batch.Epoch, batch.Digest, batch.Items));
        _outcomes.Add(outcome);
        return outcome;
    }
}
