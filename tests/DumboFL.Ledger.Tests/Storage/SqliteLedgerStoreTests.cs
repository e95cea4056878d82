using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>The contract, plus what only a file-backed store can show: durability, schema, single writer, damaged bytes.</summary>
[TestFixture]
public sealed class SqliteLedgerStoreTests : LedgerStoreContract
{
    private string _directory = "";

    private string DatabasePath => Path.Combine(_directory, "ledger.db");

    protected override ILedgerStore CreateStore()
    {
        _directory = TemporaryDirectory.Create("ledger-store");
        return SqliteLedgerStore.Open(DatabasePath);
    }

    protected override void CleanUp() => TemporaryDirectory.Delete(_directory);

    private SqliteLedgerStore Reopen()
    {
        Store.Dispose();
        var store = SqliteLedgerStore.Open(DatabasePath);
        Store = store;
        return store;
    }

    [Test]
    public void Blocks_entries_and_certificates_survive_dispose_and_reopen()
    {
        var chain = new TestChain(shard: 2);
        var blocks = Enumerable.Range(0, 4).Select(i => chain.Next(TestEntries.Mixed((ulong)i, 30))).ToArray();
        foreach (var block in blocks)
        {
            Store.Append(block);
        }
        Store.SetCertificate(1, TestChain.Certificate(0, 1, 3));

        Reopen();

        Assert.Multiple(() =>
        {
            Assert.That(Store.Height, Is.EqualTo(3UL));
            Assert.That(blocks.Select(b => Store.GetBlock(b.Height)!.Header.Hash), Is.EqualTo(blocks.Select(b => b.Header.Hash)));
            Assert.That(Store.GetBlock(2)!.Entries.Select(e => e.Id), Is.EqualTo(blocks[2].Entries.Select(e => e.Id)));
            Assert.That(Store.FindEntry(blocks[3].Entries[5].Id)!.Height, Is.EqualTo(3UL));
            Assert.That(Store.FindByRoundClient(1, "client-0"), Is.Not.Empty);
        });
        AssertSameCertificate(Store.GetBlock(1)!.Certificate, TestChain.Certificate(0, 1, 3));
        // The resumed tip is checked like a live one.
        Assert.Throws<InvalidOperationException>(() => Store.Append(TestChain.Build(2, 4, Hash32.Zero, TestEntries.Mixed(9, 3))));
        Store.Append(chain.Next(TestEntries.Mixed(9, 3)));
        Assert.That(Store.Height, Is.EqualTo(4UL));
    }

    [Test]
    public void An_empty_ledger_reopens_empty()
    {
        Reopen();

        Assert.That(Store.Height, Is.Null);
    }

    [Test]
    public void The_connection_runs_with_a_persistent_rollback_journal_full_sync_and_foreign_keys()
    {
        var store = (SqliteLedgerStore)Store;

        Assert.Multiple(() =>
        {
            Assert.That(store.Pragma("journal_mode"), Is.EqualTo("persist"));
            Assert.That(store.Pragma("synchronous"), Is.EqualTo(2L), "2 = FULL");
            Assert.That(store.Pragma("foreign_keys"), Is.EqualTo(1L));
            Assert.That(store.Pragma("page_size"), Is.EqualTo((long)SqliteLedgerStore.PageSize), "a new file gets the ledger's page size");
        });
    }

    [Test]
    public void Cross_shard_state_survives_reopening()
    {
        var (committed, aborted, waiting) = AppendCrossShardHistory();
        Reopen();
        CheckCrossShardHistory(committed, aborted, waiting);
    }

    [Test]
    public void In_flight_cross_shard_rows_survive_reopening_once_committed_with_a_block()
    {
        Store.StageCrossShardPending([("c/0/0/x", [7, 7])]);
        Store.Append(new TestChain().Next([TestEntries.Payload(3, 8)]));
        Reopen();

        Assert.That(Store.LoadCrossShardPending().Single(), Is.EqualTo(("c/0/0/x", new byte[] { 7, 7 })));
    }

    [Test]
    public void A_ledger_with_the_earlier_4_KiB_pages_keeps_them_and_still_appends()
    {
        var chain = new TestChain();
        var blocks = Enumerable.Range(0, 3).Select(i => chain.Next(TestEntries.Mixed((ulong)i, 12))).ToArray();
        foreach (var block in blocks)
        {
            Store.Append(block);
        }
        Store.Dispose();
        RawDatabase.Execute(DatabasePath, "PRAGMA page_size = 4096; VACUUM;");
        Assume.That(RawDatabase.Query(DatabasePath, "PRAGMA page_size"), Is.EqualTo(4096L));

        Store = SqliteLedgerStore.Open(DatabasePath);
        var next = chain.Next(TestEntries.Mixed(3, 12));
        Store.Append(next);
        Reopen();

        Assert.Multiple(() =>
        {
            Assert.That(((SqliteLedgerStore)Store).Pragma("page_size"), Is.EqualTo(4096L), "an existing file keeps its page size");
            Assert.That(Store.Height, Is.EqualTo(3UL));
            Assert.That(Store.GetBlock(3)!.Header.Hash, Is.EqualTo(next.Header.Hash));
            Assert.That(Store.GetBlock(1)!.Header.Hash, Is.EqualTo(blocks[1].Header.Hash));
        });
    }

    [Test]
    public void A_fresh_file_is_migrated_to_the_latest_schema_version_and_reopening_keeps_it()
    {
        Assert.That(SqliteSchema.Migrations.Select(m => m.Version), Is.EqualTo(Enumerable.Range(1, SqliteSchema.Migrations.Count)),
            "migrations are numbered 1, 2, … in order");

        Reopen();
        Store.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT version FROM schema_version"), Is.EqualTo((long)SqliteSchema.CurrentVersion));
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM schema_version"), Is.EqualTo(1L));
        });
    }

    [Test]
    public void A_version_2_file_is_migrated_to_block_bodies_and_the_id_index_and_reads_back_the_same()
    {
        var chain = new TestChain();
        var blocks = Enumerable.Range(0, 3).Select(i => chain.Next(TestEntries.Mixed((ulong)i, 40))).ToArray();
        Store.Dispose();
        File.Delete(DatabasePath);
        VersionTwoFile.Write(DatabasePath, blocks);

        Reopen();

        var all = blocks.SelectMany(b => b.Entries).ToArray();
        var fl = all.OfType<ChunkCommit>().First();
        Assert.Multiple(() =>
        {
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT version FROM schema_version"), Is.EqualTo((long)SqliteSchema.CurrentVersion));
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries'"), Is.EqualTo(0L), "the per-entry table is gone");
            Assert.That(Store.Height, Is.EqualTo(2UL));
            for (var h = 0; h < 3; h++)
            {
                Assert.That(Store.GetBlock((ulong)h)!.Entries, Is.EqualTo(blocks[h].Entries), $"block {h}");
            }
            Assert.That(all.Select(e => Store.FindEntry(e.Id)?.Entry), Is.EqualTo(all));
            Assert.That(Store.FindByRoundClient(fl.Round, fl.Client), Does.Contain(fl));
        });
        Assert.Throws<InvalidOperationException>(() => Store.Append(TestChain.Build(0, 3, blocks[2].Header.Hash, all.Take(1))),
            "a duplicate is still refused through the new index");
    }

    [Test]
    public void A_file_from_a_newer_schema_is_refused_with_a_clear_error_and_left_untouched()
    {
        Store.Append(new TestChain().Next(TestEntries.Mixed(0, 3)));
        Store.Dispose();
        var newer = SqliteSchema.CurrentVersion + 1;
        RawDatabase.Execute(DatabasePath, "UPDATE schema_version SET version = $v", ("$v", newer));

        var error = Assert.Throws<LedgerSchemaException>(() => SqliteLedgerStore.Open(DatabasePath));

        Assert.Multiple(() =>
        {
            Assert.That(error!.FoundVersion, Is.EqualTo(newer));
            Assert.That(error.SupportedVersion, Is.EqualTo(SqliteSchema.CurrentVersion));
            Assert.That(error.Message, Does.Contain($"schema version {newer}").And.Contain("newer"));
            Assert.That(RawDatabase.Query(DatabasePath, "SELECT version FROM schema_version"), Is.EqualTo((long)newer));
        });
        // The refused open released the file: the same error again, not "already open".
        Assert.Throws<LedgerSchemaException>(() => SqliteLedgerStore.Open(DatabasePath));
    }

    [Test]
    public void A_second_store_on_the_same_file_is_refused_while_the_first_is_open()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqliteLedgerStore.Open(DatabasePath));
        Assert.That(error!.Message, Does.Contain("one writer"));

        Store.Append(new TestChain().Next(TestEntries.Mixed(0, 3)));
        Reopen();
        Assert.That(Store.Height, Is.EqualTo(0UL));
    }

    [Test]
    public void A_header_that_no_longer_decodes_is_reported_with_its_height()
    {
        AppendThreeBlocks();
        Store.Dispose();
        RawDatabase.Execute(DatabasePath, "UPDATE blocks SET header = substr(header, 1, 20) WHERE height = 1");
        Store = SqliteLedgerStore.Open(DatabasePath);

        var error = Assert.Throws<LedgerCorruptException>(() => Store.GetHeader(1));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Height, Is.EqualTo(1UL));
            Assert.That(error.Message, Does.Contain("height 1"));
            Assert.That(Assert.Throws<LedgerCorruptException>(() => Store.GetBlock(1))!.Height, Is.EqualTo(1UL));
            Assert.That(Store.GetHeader(0), Is.Not.Null);
        });
    }

    [Test]
    public void A_ledger_left_in_WAL_mode_by_an_earlier_version_opens_switched_with_its_blocks()
    {
        var blocks = AppendThreeBlocks();
        Store.Dispose();
        RawDatabase.Execute(DatabasePath, "PRAGMA journal_mode = WAL");
        Assume.That(RawDatabase.Query(DatabasePath, "PRAGMA journal_mode"), Is.EqualTo("wal"));

        Store = SqliteLedgerStore.Open(DatabasePath);

        Assert.Multiple(() =>
        {
            Assert.That(((SqliteLedgerStore)Store).Pragma("journal_mode"), Is.EqualTo("persist"));
            Assert.That(Store.Height, Is.EqualTo(2UL));
            Assert.That(Store.GetBlock(2)!.Header.Hash, Is.EqualTo(blocks[2].Header.Hash));
            Assert.That(File.Exists(DatabasePath + "-wal"), Is.False, "the WAL was checkpointed and removed");
        });
    }

    [Test]
    public void A_header_that_decodes_to_other_bytes_than_were_written_is_reported()
    {
        var blocks = AppendThreeBlocks();
        Store.Dispose();
        // A well-formed header, but another block's: its hash is not the one recorded for height 1.
        RawDatabase.Execute(DatabasePath, "UPDATE blocks SET header = $h WHERE height = 1",
            ("$h", (blocks[1].Header with { Epoch = 99 }).Encode()));
        Store = SqliteLedgerStore.Open(DatabasePath);

        Assert.That(Assert.Throws<LedgerCorruptException>(() => Store.GetBlock(1))!.Height, Is.EqualTo(1UL));
    }

    [Test]
    public void Entry_bytes_damaged_in_the_stored_body_are_reported_with_their_height()
    {
        var blocks = AppendThreeBlocks();
        var victim = blocks[2].Entries[4];
        Store.Dispose();
        // Flip one byte inside the victim's encoding in the stored body (its digest no longer matches).
        var body = (byte[])RawDatabase.Query(DatabasePath, "SELECT body FROM blocks WHERE height = 2")!;
        body[BodyOffsetOf(blocks[2], 4) + 6] ^= 0xff;
        RawDatabase.Execute(DatabasePath, "UPDATE blocks SET body = $b WHERE height = 2", ("$b", body));
        Store = SqliteLedgerStore.Open(DatabasePath);

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<LedgerCorruptException>(() => Store.GetBlock(2))!.Height, Is.EqualTo(2UL));
            Assert.That(Assert.Throws<LedgerCorruptException>(() => Store.FindEntry(victim.Id))!.Height, Is.EqualTo(2UL));
            Assert.That(Store.ContainsEntry(victim.Id), Is.True, "the id index is intact");
            Assert.That(Store.GetBlock(1), Is.Not.Null);
        });
    }

    [Test]
    public void Entry_bytes_swapped_for_another_valid_entry_are_reported()
    {
        var blocks = AppendThreeBlocks();
        Store.Dispose();
        // Another well-formed body with a consistent digest, but not the block's entries.
        var other = blocks[0].Entries.Skip(1).Prepend(TestEntries.Payload(12345, 40)).ToArray();
        var body = BlockBody.Encode(other);
        RawDatabase.Execute(DatabasePath, "UPDATE blocks SET body = $b, body_digest = $d WHERE height = 0", ("$b", body), ("$d", Hash32.Of(body).ToArray()));
        Store = SqliteLedgerStore.Open(DatabasePath);

        Assert.That(Assert.Throws<LedgerCorruptException>(() => Store.GetBlock(0))!.Height, Is.EqualTo(0UL));
    }

    [Test]
    public void A_body_missing_its_last_entry_is_reported_as_a_torn_block()
    {
        var blocks = AppendThreeBlocks();
        Store.Dispose();
        var body = BlockBody.Encode(blocks[1].Entries.SkipLast(1).ToArray());
        RawDatabase.Execute(DatabasePath, "UPDATE blocks SET body = $b, body_digest = $d WHERE height = 1", ("$b", body), ("$d", Hash32.Of(body).ToArray()));
        Store = SqliteLedgerStore.Open(DatabasePath);

        Assert.That(Assert.Throws<LedgerCorruptException>(() => Store.GetBlock(1))!.Height, Is.EqualTo(1UL));
    }

    [Test]
    public void Opening_a_file_whose_latest_header_is_damaged_fails_with_the_height()
    {
        AppendThreeBlocks();
        Store.Dispose();
        RawDatabase.Execute(DatabasePath, "UPDATE blocks SET header = x'00' WHERE height = 2");

        var error = Assert.Throws<LedgerCorruptException>(() => SqliteLedgerStore.Open(DatabasePath));

        Assert.That(error!.Height, Is.EqualTo(2UL));
    }

    [Test]
    public void Opening_a_file_whose_applied_height_disagrees_with_its_blocks_fails()
    {
        AppendThreeBlocks();
        Store.Dispose();
        RawDatabase.Execute(DatabasePath, "UPDATE applied SET height = 1");

        Assert.Throws<LedgerCorruptException>(() => SqliteLedgerStore.Open(DatabasePath));
    }

    [Test]
    public void Opening_a_file_that_is_not_a_database_fails_clearly()
    {
        Store.Dispose();
        File.Delete(DatabasePath);
        File.Delete(DatabasePath + "-journal");
        File.WriteAllBytes(DatabasePath, Enumerable.Range(0, 8192).Select(i => unchecked((byte)(i * 31))).ToArray());

        Assert.Throws<LedgerCorruptException>(() => SqliteLedgerStore.Open(DatabasePath));
    }

    [Test]
    public void The_integrity_check_of_a_written_ledger_is_ok_and_keys_hold()
    {
        AppendThreeBlocks();

        Assert.That(((SqliteLedgerStore)Store).IntegrityCheck(), Is.EqualTo("ok"));
        Store.Dispose();
        Assert.That(RawDatabase.Rows(DatabasePath, "PRAGMA foreign_key_check"), Is.Empty);
    }

    [Test]
    public void A_damaged_id_page_fails_the_open_with_a_clear_error()
    {
        AppendThreeBlocks();
        Store.Dispose();
        RawDatabase.Execute(DatabasePath, "UPDATE id_pages SET records = substr(records, 1, 30) WHERE key = (SELECT MIN(key) FROM id_pages)");

        var error = Assert.Throws<LedgerCorruptException>(() => SqliteLedgerStore.Open(DatabasePath));

        Assert.That(error!.Message, Does.Contain("id page"));
    }

    /// <summary>Byte offset of entry <paramref name="position"/>'s encoding in the stored body (after its 4-byte length).</summary>
    private static int BodyOffsetOf(Block block, int position) =>
        block.Entries.Take(position).Sum(e => 4 + e.Encode().Length) + 4;

    private Block[] AppendThreeBlocks()
    {
        var chain = new TestChain();
        var blocks = Enumerable.Range(0, 3).Select(i => chain.Next(TestEntries.Mixed((ulong)i, 12))).ToArray();
        foreach (var block in blocks)
        {
            Store.Append(block);
        }
        return blocks;
    }
}
