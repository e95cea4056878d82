using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>Group commit: several blocks per SQLite transaction, each block still all-or-nothing.</summary>
[TestFixture]
public sealed class SqliteGroupCommitTests
{
    private string _directory = "";

    private string DatabasePath => Path.Combine(_directory, "ledger.db");

    [SetUp]
    public void SetUp() => _directory = TemporaryDirectory.Create("group-commit");

    [TearDown]
    public void TearDown() => TemporaryDirectory.Delete(_directory);

    private long CommittedBlocks() => (long)RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM blocks")!;

    [Test]
    public void Blocks_reach_the_file_every_group_and_on_flush_and_are_readable_before()
    {
        using var store = SqliteLedgerStore.Open(DatabasePath, groupCommit: 3);
        var chain = new TestChain();
        store.Append(chain.Next(TestEntries.Mixed(0, 5)));
        store.Append(chain.Next(TestEntries.Mixed(1, 5)));
        Assert.Multiple(() =>
        {
            Assert.That(CommittedBlocks(), Is.Zero, "another connection sees nothing before the group commits");
            Assert.That(store.Height, Is.EqualTo(1UL));
            Assert.That(store.GetBlock(1)!.Entries, Is.EqualTo(TestEntries.Mixed(1, 5)), "the store reads its own pending blocks");
            Assert.That(store.ContainsEntry(TestEntries.Mixed(0, 5)[0].Id), Is.True);
        });
        store.Append(chain.Next(TestEntries.Mixed(2, 5)));
        Assert.That(CommittedBlocks(), Is.EqualTo(3L), "the third block commits the group");
        store.Append(chain.Next(TestEntries.Mixed(3, 5)));
        store.Flush();
        Assert.That(CommittedBlocks(), Is.EqualTo(4L));
    }

    [Test]
    public void A_refused_block_inside_a_group_rolls_back_alone()
    {
        var first = TestEntries.Mixed(0, 6);
        using (var store = SqliteLedgerStore.Open(DatabasePath, groupCommit: 10))
        {
            var chain = new TestChain();
            store.Append(chain.Next(first));
            var duplicate = TestChain.Build(0, 1, store.GetHeader(0)!.Hash, TestEntries.Mixed(1, 3).Concat(first.Take(1)));
            Assert.Throws<InvalidOperationException>(() => store.Append(duplicate));
            Assert.That(store.Height, Is.EqualTo(0UL));
            store.Append(TestChain.Build(0, 1, store.GetHeader(0)!.Hash, TestEntries.Mixed(1, 3)));
        }
        using var reopened = SqliteLedgerStore.Open(DatabasePath);
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Height, Is.EqualTo(1UL), "dispose commits the open group");
            Assert.That(reopened.GetBlock(1)!.Entries, Is.EqualTo(TestEntries.Mixed(1, 3)));
            Assert.That(reopened.IntegrityCheck(), Is.EqualTo("ok"));
        });
    }

    [Test]
    public void A_group_commit_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteLedgerStore.Open(DatabasePath, groupCommit: 0));
}
