using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>
/// What every <see cref="ILedgerStore"/> promises, run against each implementation by a small subclass.
/// A store is created fresh for every test and disposed after it.
/// </summary>
public abstract partial class LedgerStoreContract
{
    private ILedgerStore? _store;

    protected ILedgerStore Store
    {
        get => _store ?? throw new InvalidOperationException("no store");
        set => _store = value;
    }

    protected abstract ILedgerStore CreateStore();

    /// <summary>Runs after the store is disposed: temporary files go here.</summary>
    protected virtual void CleanUp()
    {
    }

    [SetUp]
    public void CreateFreshStore() => _store = CreateStore();

    [TearDown]
    public void DisposeStore()
    {
        _store?.Dispose();
        _store = null;
        CleanUp();
    }

    [Test]
    public void An_empty_store_has_no_height_no_blocks_and_no_entries()
    {
        var entry = TestEntries.Chunk(1, "alice", 0);

        Assert.Multiple(() =>
        {
            Assert.That(Store.Height, Is.Null);
            Assert.That(Store.GetHeader(0), Is.Null);
            Assert.That(Store.GetBlock(0), Is.Null);
            Assert.That(Store.FindEntry(entry.Id), Is.Null);
            Assert.That(Store.ContainsEntry(entry.Id), Is.False);
            Assert.That(Store.FindByRoundClient(1, "alice"), Is.Empty);
        });
    }

    [Test]
    public void Appended_blocks_read_back_with_the_same_header_and_entries_in_stored_order()
    {
        var chain = new TestChain(shard: 3);
        var blocks = Enumerable.Range(0, 3).Select(i => chain.Next(TestEntries.Mixed((ulong)i, 40 + i))).ToArray();

        foreach (var block in blocks)
        {
            Store.Append(block);
        }

        Assert.That(Store.Height, Is.EqualTo(2UL));
        foreach (var block in blocks)
        {
            var stored = Store.GetBlock(block.Height);
            Assert.That(stored, Is.Not.Null);
            Assert.Multiple(() =>
            {
                Assert.That(stored!.Header.Hash, Is.EqualTo(block.Header.Hash));
                Assert.That(stored.Header.Encode(), Is.EqualTo(block.Header.Encode()));
                Assert.That(stored.Entries.Select(e => e.Id), Is.EqualTo(block.Entries.Select(e => e.Id)));
                Assert.That(stored.Certificate, Is.Null);
                Assert.That(Store.GetHeader(block.Height)!.Hash, Is.EqualTo(block.Header.Hash));
            });
        }
        Assert.That(Store.GetBlock(3), Is.Null);
    }

    [Test]
    public void An_entry_is_found_by_id_with_its_height_group_and_leaf_index()
    {
        var chain = new TestChain();
        Store.Append(chain.Next(TestEntries.Mixed(0, 10)));
        var block = chain.Next(TestEntries.Mixed(1, 25));
        Store.Append(block);

        for (var position = 0; position < block.Entries.Count; position++)
        {
            var entry = block.Entries[position];
            var (groupIndex, indexInGroup) = Locate(block.Header, position);

            var location = Store.FindEntry(entry.Id);

            Assert.That(location, Is.Not.Null);
            Assert.Multiple(() =>
            {
                Assert.That(location!.Height, Is.EqualTo(1UL));
                Assert.That(location.Group, Is.EqualTo(entry.Group));
                Assert.That(location.GroupIndex, Is.EqualTo(groupIndex));
                Assert.That(location.IndexInGroup, Is.EqualTo(indexInGroup));
                Assert.That(location.Entry.Encode(), Is.EqualTo(entry.Encode()));
                Assert.That(block.Header.GroupRoots[groupIndex].Group, Is.EqualTo(entry.Group));
            });
        }
    }

    [Test]
    public void Entries_of_one_round_and_client_come_back_in_commit_order()
    {
        var chain = new TestChain();
        LedgerEntry[] first = [TestEntries.Chunk(4, "alice", 0), TestEntries.Chunk(4, "bob", 0), TestEntries.Payload(1, 32)];
        LedgerEntry[] second = [TestEntries.Update(4, "alice", 2), TestEntries.Chunk(4, "alice", 1), TestEntries.Chunk(5, "alice", 0), TestEntries.Aggregate(4, 0)];
        Store.Append(chain.Next(first));
        Store.Append(chain.Next(second));

        // Inside a block, commit order is the stored order: chunk commits' group before model updates'.
        Assert.Multiple(() =>
        {
            Assert.That(Store.FindByRoundClient(4, "alice"), Is.EqualTo(new LedgerEntry[] { first[0], second[1], second[0] }));
            Assert.That(Store.FindByRoundClient(4, "bob"), Is.EqualTo(new LedgerEntry[] { first[1] }));
            Assert.That(Store.FindByRoundClient(5, "alice"), Is.EqualTo(new LedgerEntry[] { second[2] }));
            Assert.That(Store.FindByRoundClient(4, "carol"), Is.Empty);
            Assert.That(Store.FindByRoundClient(6, "alice"), Is.Empty);
            Assert.That(Store.FindByRoundClient(4, "Alice"), Is.Empty, "client ids compare exactly");
        });
    }

    [Test]
    public void ContainsEntry_is_true_exactly_for_committed_entries()
    {
        var committed = TestEntries.Mixed(0, 15);
        Store.Append(new TestChain().Next(committed));

        Assert.Multiple(() =>
        {
            Assert.That(committed.Select(e => Store.ContainsEntry(e.Id)), Is.All.True);
            Assert.That(TestEntries.Mixed(1, 15).Select(e => Store.ContainsEntry(e.Id)), Is.All.False);
            Assert.That(Store.ContainsEntry(Hash32.Zero), Is.False);
        });
    }

    [Test]
    public void ForEachEntryId_visits_every_committed_entry_once()
    {
        var chain = new TestChain();
        var first = TestEntries.Mixed(0, 15);
        var second = TestEntries.Mixed(1, 7);
        Store.Append(chain.Next(first));
        Store.Append(chain.Next(second));

        var visited = new List<Hash32>();
        Store.ForEachEntryId(visited.Add);

        Assert.That(visited, Is.EquivalentTo(first.Concat(second).Select(e => e.Id)));
    }

    [Test]
    public void An_empty_block_is_stored_and_read_back()
    {
        var block = new TestChain().Next([]);

        Store.Append(block);

        var stored = Store.GetBlock(0);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Header.Hash, Is.EqualTo(block.Header.Hash));
            Assert.That(stored.Entries, Is.Empty);
        });
    }

    [Test]
    public void A_block_of_ten_thousand_entries_round_trips()
    {
        var chain = new TestChain();
        var block = chain.Next(TestEntries.Mixed(7, 10_000));

        Store.Append(block);

        var stored = Store.GetBlock(0);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Entries, Has.Count.EqualTo(10_000));
            Assert.That(stored.Entries.Select(e => e.Id), Is.EqualTo(block.Entries.Select(e => e.Id)));
            Assert.That(Store.FindEntry(block.Entries[^1].Id)!.IndexInGroup, Is.EqualTo(block.Header.GroupRoots[^1].Count - 1));
            Assert.That(Store.FindByRoundClient(7, "client-3"), Has.Count.EqualTo(block.Entries.Count(e => e is ChunkCommit { Client: "client-3" })));
        });
    }

    [Test]
    public void A_disposed_store_refuses_calls_and_disposing_twice_is_harmless()
    {
        Store.Append(new TestChain().Next(TestEntries.Mixed(0, 3)));

        Store.Dispose();
        Store.Dispose();

        Assert.Multiple(() =>
        {
            Assert.Throws<ObjectDisposedException>(() => _ = Store.Height);
            Assert.Throws<ObjectDisposedException>(() => Store.GetBlock(0));
            Assert.Throws<ObjectDisposedException>(() => Store.ContainsEntry(Hash32.Zero));
            Assert.Throws<ObjectDisposedException>(() => Store.Append(TestChain.Build(0, 1, Hash32.Zero, [])));
        });
    }

    private static (int GroupIndex, int IndexInGroup) Locate(BlockHeader header, int position)
    {
        for (var g = 0; g < header.GroupRoots.Count; g++)
        {
            if (position < header.GroupRoots[g].Count)
            {
                return (g, position);
            }
            position -= header.GroupRoots[g].Count;
        }
        throw new ArgumentOutOfRangeException(nameof(position));
    }
}
