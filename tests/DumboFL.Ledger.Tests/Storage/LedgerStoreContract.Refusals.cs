using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>The contract's refusals: a block that cannot extend the chain, or cannot match its own header, leaves no trace.</summary>
public abstract partial class LedgerStoreContract
{
    public enum Break
    {
        FirstBlockAboveZero,
        Gap,
        RepeatedHeight,
        WrongPreviousHash,
        OtherShard,
    }

    [TestCase(Break.FirstBlockAboveZero)]
    [TestCase(Break.Gap)]
    [TestCase(Break.RepeatedHeight)]
    [TestCase(Break.WrongPreviousHash)]
    [TestCase(Break.OtherShard)]
    public void A_block_that_does_not_continue_the_chain_is_refused_and_nothing_is_written(Break kind)
    {
        var chain = new TestChain(shard: 1);
        var genesis = chain.Next(TestEntries.Mixed(0, 5));
        if (kind != Break.FirstBlockAboveZero)
        {
            Store.Append(genesis);
        }
        var entries = TestEntries.Mixed(1, 20);
        var bad = kind switch
        {
            Break.FirstBlockAboveZero => TestChain.Build(1, 1, genesis.Header.Hash, entries),
            Break.Gap => TestChain.Build(1, 2, genesis.Header.Hash, entries),
            Break.RepeatedHeight => TestChain.Build(1, 0, genesis.Header.Hash, entries),
            Break.WrongPreviousHash => TestChain.Build(1, 1, Hash32.Of("not the tip"u8), entries),
            _ => TestChain.Build(2, 1, genesis.Header.Hash, entries),
        };
        var heightBefore = Store.Height;

        Assert.Throws<InvalidOperationException>(() => Store.Append(bad));

        Assert.Multiple(() =>
        {
            Assert.That(Store.Height, Is.EqualTo(heightBefore));
            Assert.That(entries.Select(e => Store.ContainsEntry(e.Id)), Is.All.False);
            Assert.That(Store.FindByRoundClient(1, "client-0"), Is.Empty);
            if (kind != Break.RepeatedHeight)
            {
                Assert.That(Store.GetBlock(bad.Height), Is.Null);
            }
            else
            {
                Assert.That(Store.GetHeader(0)!.Hash, Is.EqualTo(genesis.Header.Hash));
            }
        });
        // The refused block left no trace: the chain continues normally.
        if (kind == Break.FirstBlockAboveZero)
        {
            Store.Append(genesis);
        }
        Store.Append(chain.Next(entries));
        Assert.That(Store.Height, Is.EqualTo(1UL));
    }

    [Test]
    public void A_block_repeating_a_committed_entry_is_refused_and_nothing_of_it_is_written()
    {
        var chain = new TestChain();
        var old = TestEntries.Mixed(0, 10);
        Store.Append(chain.Next(old));
        var fresh = TestEntries.Mixed(1, 30);
        var bad = TestChain.Build(0, 1, Store.GetHeader(0)!.Hash, fresh.Append(old[7]));

        var error = Assert.Throws<InvalidOperationException>(() => Store.Append(bad));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(old[7].Id.ToString()));
            Assert.That(Store.Height, Is.EqualTo(0UL));
            Assert.That(Store.GetBlock(1), Is.Null);
            Assert.That(fresh.Select(e => Store.ContainsEntry(e.Id)), Is.All.False);
            Assert.That(Store.FindEntry(old[7].Id)!.Height, Is.EqualTo(0UL));
        });
        Store.Append(chain.Next(fresh));
        Assert.That(Store.Height, Is.EqualTo(1UL));
    }

    public enum Malformation
    {
        FewerEntriesThanHeader,
        EntryOutsideItsGroup,
        DuplicateInsideBlock,
        GroupCountsDisagree,
    }

    [TestCase(Malformation.FewerEntriesThanHeader)]
    [TestCase(Malformation.EntryOutsideItsGroup)]
    [TestCase(Malformation.DuplicateInsideBlock)]
    [TestCase(Malformation.GroupCountsDisagree)]
    public void A_block_whose_entries_cannot_match_its_header_is_refused(Malformation kind)
    {
        var good = new TestChain().Next(TestEntries.Mixed(0, 20));
        var header = good.Header;
        var bad = kind switch
        {
            Malformation.FewerEntriesThanHeader => good with { Entries = good.Entries.Skip(1).ToArray() },
            Malformation.EntryOutsideItsGroup => good with { Entries = good.Entries.Reverse().ToArray() },
            Malformation.DuplicateInsideBlock => Duplicated(good),
            _ => good with { Header = header with { GroupRoots = [header.GroupRoots[0] with { Count = header.GroupRoots[0].Count + 1 }, .. header.GroupRoots.Skip(1)] } },
        };

        Assert.Throws<ArgumentException>(() => Store.Append(bad));

        Assert.Multiple(() =>
        {
            Assert.That(Store.Height, Is.Null);
            Assert.That(good.Entries.Select(e => Store.ContainsEntry(e.Id)), Is.All.False);
        });
        Store.Append(good);
        Assert.That(Store.Height, Is.EqualTo(0UL));
    }

    private static Block Duplicated(Block block)
    {
        var entries = block.Entries.ToArray();
        entries[1] = entries[0];
        return block with { Entries = entries };
    }
}
