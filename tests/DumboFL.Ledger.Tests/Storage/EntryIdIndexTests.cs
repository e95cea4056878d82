using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>
/// The sorted-run id index behind <see cref="SqliteLedgerStore"/>: merges fold runs without losing or repeating an id,
/// lookups are exact while a merge is half done, and a merge cut short by closing the file is dropped and redone.
/// </summary>
[TestFixture]
public sealed class EntryIdIndexTests
{
    private string _directory = "";

    private string DatabasePath => Path.Combine(_directory, "ledger.db");

    [SetUp]
    public void SetUp() => _directory = TemporaryDirectory.Create("id-index");

    [TearDown]
    public void TearDown() => TemporaryDirectory.Delete(_directory);

    [TestCase(7, 40, 120)]
    [TestCase(11, 3000, 30)]
    public void Every_committed_id_is_found_at_its_block_and_position_while_runs_merge(int seed, int perBlock, int blockCount)
    {
        var chain = new TestChain();
        var blocks = new List<Block>();
        using (var store = SqliteLedgerStore.Open(DatabasePath, groupCommit: 4))
        {
            for (var b = 0; b < blockCount; b++)
            {
                var block = chain.Next(Payloads(seed, b, perBlock));
                store.Append(block);
                blocks.Add(block);
                if (b % 3 == 2)
                {
                    store.Flush();
                }
                // Spot checks after every block, merges in progress included: the newest block and one random earlier one.
                var earlier = blocks[new Random(seed * 1000 + b).Next(blocks.Count)];
                foreach (var probe in new[] { block, earlier })
                {
                    var position = new Random(b).Next(probe.Entries.Count);
                    Assert.That(store.FindEntry(probe.Entries[position].Id)?.Height, Is.EqualTo(probe.Height), $"seed {seed}, after block {b}: entry {position} of block {probe.Height}");
                }
            }
            var stats = store.IndexStats;
            Assert.Multiple(() =>
            {
                Assert.That(stats.Ids, Is.EqualTo(perBlock * (long)blockCount), $"seed {seed}: ids indexed");
                Assert.That(stats.RecordsMerged, Is.GreaterThan(0), $"seed {seed}: runs were merged");
                Assert.That(stats.Runs, Is.LessThan(blockCount / 2), $"seed {seed}: merging keeps the run count down");
            });
            CheckEverything(store, blocks, seed);
        }

        Assert.That(RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM id_runs WHERE complete = 2"), Is.LessThanOrEqualTo((long)EntryIdIndex.FanIn * 2),
            $"seed {seed}: replaced runs are deleted as blocks go on, not left to pile up");
        using var reopened = SqliteLedgerStore.Open(DatabasePath);
        CheckEverything(reopened, blocks, seed);
        Assert.Multiple(() =>
        {
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM id_runs WHERE complete <> 1"), Is.EqualTo(0L), $"seed {seed}: no dead or partial run after open");
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM id_pages WHERE (key >> 24) NOT IN (SELECT run FROM id_runs)"), Is.EqualTo(0L),
                $"seed {seed}: no page outlives its run");
        });
    }

    [Test]
    public void A_merge_left_incomplete_in_the_file_is_dropped_on_open_and_nothing_is_lost()
    {
        const int seed = 3;
        var chain = new TestChain();
        var blocks = new List<Block>();
        // Blocks of 3,000: a level-0 merge reads 24,000 records at 6,000 per block, so it spans several blocks.
        using (var store = SqliteLedgerStore.Open(DatabasePath))
        {
            for (var b = 0; b < 10; b++)
            {
                var block = chain.Next(Payloads(seed, b, 3000));
                store.Append(block);
                blocks.Add(block);
            }
        }
        Assert.That(RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM id_runs WHERE complete = 0"), Is.EqualTo(1L), "the file holds a merge in progress");

        using (var store = SqliteLedgerStore.Open(DatabasePath))
        {
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM id_runs WHERE complete = 0"), Is.EqualTo(0L), "dropped on open");
            CheckEverything(store, blocks, seed);
            for (var b = 10; b < 20; b++)
            {
                var block = chain.Next(Payloads(seed, b, 3000));
                store.Append(block);
                blocks.Add(block);
            }
            Assert.That(store.IndexStats.RecordsMerged, Is.GreaterThanOrEqualTo(24_000), "the merge was redone");
            CheckEverything(store, blocks, seed);
        }
    }

    [Test]
    public void An_entry_of_a_block_whose_run_was_merged_is_still_refused_as_a_duplicate()
    {
        var chain = new TestChain();
        using var store = SqliteLedgerStore.Open(DatabasePath);
        var first = chain.Next(Payloads(5, 0, 100));
        store.Append(first);
        for (var b = 1; b < 70; b++)
        {
            store.Append(chain.Next(Payloads(5, b, 100)));
        }
        Assume.That(store.IndexStats.RecordsMerged, Is.GreaterThan(6400), "block 0's run went through two levels of merges");

        var error = Assert.Throws<InvalidOperationException>(() => store.Append(chain.Next([first.Entries[17], TestEntries.Payload(999_999, 64)])));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("already committed at height 0"));
            Assert.That(store.Height, Is.EqualTo(69UL), "nothing of the refused block was written");
        });
    }

    [Test]
    public void The_id_filter_is_sized_when_opened_to_the_plan_or_twice_the_ledger()
    {
        var chain = new TestChain();
        var blocks = new List<Block>();
        using (var store = SqliteLedgerStore.Open(DatabasePath, idCapacity: 1000))
        {
            Assert.That(store.IdFilter.FirstCapacity, Is.EqualTo(1000), "an empty ledger gets the planned capacity");
            for (var b = 0; b < 6; b++)
            {
                blocks.Add(chain.Next(Payloads(9, b, 400)));
                store.Append(blocks[^1]);
            }
            Assert.That(store.IdFilter.Segments, Is.GreaterThan(1), "2,400 ids outgrew a plan of 1,000");
        }
        using (var store = SqliteLedgerStore.Open(DatabasePath, idCapacity: 1000))
        {
            var filter = store.IdFilter;
            Assert.Multiple(() =>
            {
                Assert.That(filter.FirstCapacity, Is.EqualTo(4800), "reopened: room for the ledger as it is and as much again");
                Assert.That(filter.Segments, Is.EqualTo(1));
            });
            CheckEverything(store, blocks, seed: 9);
        }
        using (var store = SqliteLedgerStore.Open(DatabasePath, idCapacity: 1_000_000))
        {
            Assert.That(store.IdFilter.FirstCapacity, Is.EqualTo(1_000_000), "a plan larger than twice the ledger wins");
        }
    }

    private static void CheckEverything(SqliteLedgerStore store, List<Block> blocks, int seed)
    {
        var visited = new HashSet<Hash32>();
        store.ForEachEntryId(id => Assert.That(visited.Add(id), Is.True, $"seed {seed}: {id} visited twice"));
        var all = blocks.SelectMany(b => b.Entries.Select((e, i) => (Block: b, Entry: e, Position: i))).ToArray();
        Assert.That(visited, Has.Count.EqualTo(all.Length), $"seed {seed}: ids visited");
        foreach (var (block, entry, position) in all)
        {
            if (!visited.Contains(entry.Id) || !store.ContainsEntry(entry.Id))
            {
                Assert.Fail($"seed {seed}: entry {position} of block {block.Height} is not indexed");
            }
        }
        // Exact locations for a sample (a FindEntry reads and hashes the whole block body).
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var (block, entry, position) = all[random.Next(all.Length)];
            var location = store.FindEntry(entry.Id);
            Assert.That((location?.Height, location?.IndexInGroup, location?.Entry), Is.EqualTo((block.Height, position, entry)), $"seed {seed}: entry {position} of block {block.Height}");
        }
        for (var i = 0; i < 2000; i++)
        {
            Assert.That(store.ContainsEntry(Hash32.Of(BitConverter.GetBytes(((long)seed << 40) | (uint)i))), Is.False, $"seed {seed}: absent id {i}");
        }
    }

    private static LedgerEntry[] Payloads(int seed, int block, int count) =>
        Enumerable.Range(0, count).Select(i => (LedgerEntry)TestEntries.Payload(((ulong)seed << 48) | ((ulong)block << 24) | (uint)i, 48)).ToArray();
}
