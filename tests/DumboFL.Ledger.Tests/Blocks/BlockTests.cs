using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Merkle;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Tests.Storage;
using DumboFL.Ledger.Tests.Book;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Tests.Blocks;

public class BlockTests
{
    private static LedgerEntry[] Mixed() =>
    [
        new Payload([1]),
        new CrossShardTx(Hash32.Of([1]), [0], [true], 2, false, [1]),
        new ChunkCommit(0, "client-1", 0, Hash32.Of([5]), 10),
        new Payload([2]),
        new CrossShardTx(Hash32.Of([2]), [0], [true], 1, false, [1]),
        new ModelUpdate(0, "client-1", Hash32.Of([6]), 1, 10),
    ];

    [Test]
    public void Entries_are_grouped_by_kind_and_output_shard_with_one_tree_each()
    {
        var entries = Mixed();
        var block = BlockBuilder.Build(0, 0, 0, Hash32.Zero, Hash32.Zero, entries);
        var groups = block.Header.GroupRoots;
        Assert.Multiple(() =>
        {
            Assert.That(groups.Select(g => g.Group.ToString()), Is.EqualTo(new[] { "ChunkCommit", "ModelUpdate", "CrossShardTx→1", "CrossShardTx→2", "Payload" }));
            Assert.That(groups.Select(g => g.Count), Is.EqualTo(new[] { 1, 1, 1, 1, 2 }));
            var payloads = entries.OfType<Payload>().Select(p => MerkleHash.Leaf(p.Encode())).ToArray();
            Assert.That(groups[^1].Root, Is.EqualTo(MerkleHash.Node(payloads[0], payloads[1])), "commit order inside a group");
            Assert.That(block.Header.TopRoot, Is.EqualTo(MerkleRoot.Compute(groups.Select(g => MerkleHash.Leaf(g.Encode())).ToArray())));
            Assert.That(block.Entries, Has.Count.EqualTo(6));
            Assert.That(block.Header.EntryCount, Is.EqualTo(6));
        });
    }

    [Test]
    public void An_empty_batch_builds_no_block()
    {
        Assert.That(() => BlockBuilder.Build(0, 0, 0, Hash32.Zero, Hash32.Zero, []), Throws.ArgumentException);
    }

    [Test]
    public void Header_round_trips_and_any_field_changes_its_hash()
    {
        var header = BlockBuilder.Build(0, 4, 9, Hash32.Of([1]), Hash32.Of([2]), Mixed()).Header;
        Assert.Multiple(() =>
        {
            Assert.That(BlockHeader.Decode(header.Encode()).Hash, Is.EqualTo(header.Hash));
            Assert.That(new[] { header with { Height = 5 }, header with { Epoch = 8 }, header with { PrevHash = Hash32.Zero },
                header with { EntryCount = 7 }, header with { DecisionDigest = Hash32.Zero }, header with { Shard = 1 } }.Select(h => h.Hash),
                Has.None.EqualTo(header.Hash));
        });
    }

    [Test]
    public void Every_entry_proves_up_to_the_header_and_tampering_fails()
    {
        var block = BlockBuilder.Build(0, 0, 0, Hash32.Zero, Hash32.Zero, Mixed());
        foreach (var entry in block.Entries)
        {
            var proof = EntryProof.Create(block, entry.Id);
            var tampered = proof.Entry.ToArray();
            tampered[^1] ^= 1;
            Assert.Multiple(() =>
            {
                Assert.That(proof.Verify(block.Header), Is.True, entry.ToString());
                Assert.That((proof with { Entry = tampered }).Verify(block.Header), Is.False);
                Assert.That((proof with { Group = proof.Group with { Count = proof.Group.Count + 1 } }).Verify(block.Header), Is.False);
                Assert.That(proof.Verify(block.Header with { TopRoot = Hash32.Zero }), Is.False);
            });
        }
    }

    [Test]
    public void The_applier_drops_invalid_entries_and_builds_no_block_from_an_all_invalid_batch()
    {
        var ledger = new TestLedger();
        var valid = new Payload([1]);
        byte[][] allInvalid = [[1, 2, 3], new ChunkCommit(0, "nobody", 0, Hash32.Zero, 1).Encode()];

        var first = ledger.Applier.Apply(0, Hash32.Of([0]), allInvalid);
        var second = ledger.Applier.Apply(1, Hash32.Of([1]), [.. allInvalid, valid.Encode(), valid.Encode()]);

        Assert.Multiple(() =>
        {
            Assert.That(first.Block, Is.Null);
            Assert.That(first.Purged, Is.EquivalentTo(new Dictionary<InvalidReason, int> { [InvalidReason.Malformed] = 1, [InvalidReason.UnknownClient] = 1 }));
            Assert.That(second.Block!.Height, Is.Zero, "no height is used up by the empty batch");
            Assert.That(second.Block.Entries.Select(e => e.Id), Is.EqualTo(new[] { valid.Id }), "the repeat within the batch is a duplicate");
            Assert.That(second.Purged[InvalidReason.Duplicate], Is.EqualTo(1));
            Assert.That(ledger.Store.Height, Is.EqualTo(0UL));
        });
    }

    [Test]
    public void Applying_with_the_ids_consensus_computed_builds_the_same_block_and_a_wrong_count_is_refused()
    {
        var items = Mixed().Select(e => e.Encode()).Append([9, 9, 9]).ToArray();
        var ids = items.Select(i => Hash32.Of(i)).ToArray();
        var plain = new TestLedger().Applier.Apply(0, Hash32.Of([0]), items);
        var ledger = new TestLedger();

        var withIds = ledger.Applier.Apply(0, Hash32.Of([0]), items, ids);

        Assert.Multiple(() =>
        {
            Assert.That(withIds.Block!.Header.Hash, Is.EqualTo(plain.Block!.Header.Hash));
            Assert.That(withIds.Block.Entries.Select(e => e.Id), Is.EqualTo(plain.Block.Entries.Select(e => e.Id)));
            Assert.That(withIds.Purged, Is.EquivalentTo(plain.Purged));
            Assert.That(withIds.Block.Entries.Select(e => e.Encode()), Is.EqualTo(plain.Block.Entries.Select(e => e.Encode())));
        });
        Assert.Throws<ArgumentException>(() => ledger.Applier.Apply(1, Hash32.Of([1]), items, ids[1..]));
    }

    [Test]
    public void The_chain_verifier_recomputes_roots_and_links()
    {
        var ledger = new TestLedger();
        for (var i = 0; i < 5; i++)
        {
            ledger.Applier.Apply((ulong)i, Hash32.Of([(byte)i]), [new Payload([(byte)i]).Encode(), new Payload([(byte)i, 1]).Encode()]);
        }
        var report = ChainVerifier.Verify(ledger.Store);
        Assert.Multiple(() =>
        {
            Assert.That(report.Ok, Is.True, string.Join("; ", report.Errors));
            Assert.That(report.Height, Is.EqualTo(4UL));
            Assert.That(report.HeadHash, Is.EqualTo(ledger.Store.GetHeader(4)!.Hash));
        });
    }

    [Test]
    public void Blocks_the_applier_appends_to_SQLite_without_the_stores_own_checks_verify_and_still_refuse_committed_ids()
    {
        var directory = TemporaryDirectory.Create("applier-sqlite");
        try
        {
            var path = Path.Combine(directory, "ledger.db");
            using (var store = SqliteLedgerStore.Open(path))
            {
                var state = new LedgerState(store, 0, 3, c => c.StartsWith("client-", StringComparison.Ordinal));
                var applier = new BlockApplier(store, state, new EntryValidator(LedgerRules.Default));
                applier.Apply(0, Hash32.Of([0]), [.. Mixed().Select(e => e.Encode())]);
                var again = applier.Apply(1, Hash32.Of([1]), [new Payload([1]).Encode(), new Payload([3]).Encode()]);

                Assert.Multiple(() =>
                {
                    Assert.That(again.Accepted, Is.EqualTo(1));
                    Assert.That(again.Purged[InvalidReason.Duplicate], Is.EqualTo(1), "the payload committed at height 0");
                });
            }
            using var reopened = SqliteLedgerStore.Open(path);
            var report = ChainVerifier.Verify(reopened);

            Assert.Multiple(() =>
            {
                Assert.That(report.Ok, Is.True, string.Join("; ", report.Errors));
                Assert.That(report.Height, Is.EqualTo(1UL));
                Assert.That(reopened.GetBlock(0)!.Entries, Has.Count.EqualTo(Mixed().Length));
            });
        }
        finally
        {
            TemporaryDirectory.Delete(directory);
        }
    }
}
