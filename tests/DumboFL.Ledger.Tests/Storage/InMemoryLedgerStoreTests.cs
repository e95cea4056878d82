using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

[TestFixture]
public sealed class InMemoryLedgerStoreTests : LedgerStoreContract
{
    protected override ILedgerStore CreateStore() => new InMemoryLedgerStore();
}
