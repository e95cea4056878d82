using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Tests.Book;

/// <summary>A shard-0 ledger on the in-memory store with clients client-0..client-9.</summary>
internal sealed class TestLedger
{
    public TestLedger(uint shard = 0, uint shardCount = 3)
    {
        Store = new InMemoryLedgerStore();
        State = new LedgerState(Store, shard, shardCount, c => c.StartsWith("client-", StringComparison.Ordinal) && c.Length == 8);
        Validator = new EntryValidator(LedgerRules.Default);
        Applier = new BlockApplier(Store, State, Validator);
    }

    public InMemoryLedgerStore Store { get; }

    public LedgerState State { get; }

    public EntryValidator Validator { get; }

    public BlockApplier Applier { get; }
}
