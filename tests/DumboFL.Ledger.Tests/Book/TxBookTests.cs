using DumboFL.Core.Hashing;
using DumboFL.Ledger.Book;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Tests.Book;

public class TxBookTests
{
    private static byte[] Valid(int i) => new Payload(BitConverter.GetBytes(i)).Encode();

    private static byte[] Invalid(int i) => new ChunkCommit(0, $"stranger{i}", 0, Hash32.Zero, 1).Encode();

    [Test]
    public void Invalid_entries_are_purged_and_counted_before_a_cut()
    {
        var ledger = new TestLedger();
        var book = new TxBook(ledger.Validator, ledger.State);
        for (var i = 0; i < 10; i++)
        {
            book.Submit(Valid(i));
            book.Submit(Invalid(i));
        }
        var cut = book.Cut(100, 100, new Random(1));
        Assert.Multiple(() =>
        {
            Assert.That(cut, Has.Count.EqualTo(10));
            Assert.That(cut.Select(c => EntryCodec.Decode(c)), Is.All.InstanceOf<Payload>());
            Assert.That(book.Purged, Is.EquivalentTo(new Dictionary<InvalidReason, long> { [InvalidReason.UnknownClient] = 10 }));
            Assert.That(book.Count, Is.EqualTo(10));
        });
    }

    [Test]
    public void A_book_of_only_invalid_entries_cuts_an_empty_batch_without_throwing()
    {
        var ledger = new TestLedger();
        var book = new TxBook(ledger.Validator, ledger.State);
        for (var i = 0; i < 50; i++)
        {
            book.Submit(Invalid(i));
        }
        Assert.Multiple(() =>
        {
            Assert.That(book.Cut(20, 5, new Random(1)), Is.Empty);
            Assert.That(book.Count, Is.Zero);
            Assert.That(book.Purged[InvalidReason.UnknownClient], Is.EqualTo(50));
        });
    }

    [Test]
    public void A_book_of_only_invalid_entries_has_no_work_and_one_valid_entry_is_work()
    {
        var ledger = new TestLedger();
        var book = new TxBook(ledger.Validator, ledger.State);
        for (var i = 0; i < 10; i++)
        {
            book.Submit(Invalid(i));
        }
        Assert.Multiple(() =>
        {
            Assert.That(((IPendingBook)book).HasWork(100), Is.False, "nothing the next cut would propose");
            Assert.That(book.Count, Is.Zero, "asking purged them");
        });
        book.Submit(new Payload([7]).Encode());
        Assert.That(((IPendingBook)book).HasWork(100), Is.True);
    }

    [Test]
    public void An_entry_that_becomes_invalid_while_pending_is_purged()
    {
        var ledger = new TestLedger();
        var book = new TxBook(ledger.Validator, ledger.State);
        var chunk = new ChunkCommit(0, "client-3", 0, Hash32.Zero, 1);
        var payload = new Payload([42]);
        book.Submit(chunk.Encode());
        book.Submit(payload.Encode());

        // Another node's copy of the payload is committed, and two aggregates make round 0 stale.
        ledger.Applier.Apply(0, Hash32.Zero, [payload.Encode(), new Aggregate(0, 0, Hash32.Zero, 1).Encode()]);
        ledger.Applier.Apply(1, Hash32.Zero, [new Aggregate(1, 0, Hash32.Zero, 1).Encode()]);

        Assert.Multiple(() =>
        {
            Assert.That(book.Cut(10, 10, new Random(1)), Is.Empty);
            Assert.That(book.Purged[InvalidReason.Duplicate], Is.EqualTo(1));
            Assert.That(book.Purged[InvalidReason.StaleRound], Is.EqualTo(1));
        });
    }

    [Test]
    public void Undecodable_and_repeated_submissions_are_refused()
    {
        var ledger = new TestLedger();
        var book = new TxBook(ledger.Validator, ledger.State);
        Assert.Multiple(() =>
        {
            Assert.That(book.Submit([1, 2, 3]), Is.EqualTo(InvalidReason.Malformed));
            Assert.That(book.Submit(Valid(1)), Is.Null);
            Assert.That(book.Submit(Valid(1)), Is.EqualTo(InvalidReason.Duplicate));
            Assert.That(book.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void The_purge_before_a_cut_looks_only_as_deep_as_it_needs()
    {
        var ledger = new TestLedger();
        var book = new TxBook(ledger.Validator, ledger.State);
        for (var i = 0; i < 5; i++)
        {
            book.Submit(Valid(i));
        }
        for (var i = 0; i < 5; i++)
        {
            book.Submit(Invalid(i));
        }
        book.Cut(5, 2, new Random(1));
        Assert.That(book.Purged, Is.Empty, "the invalid entries behind a full window wait for a later cut");
        Assert.That(book.Purge(), Is.EqualTo(5));
    }

    [Test]
    public void A_valid_entry_is_validated_again_only_after_the_ledger_generation_moves()
    {
        var ledger = new TestLedger();
        var view = new CountingView(ledger.State);
        var book = new TxBook(ledger.Validator, view);
        for (var i = 0; i < 20; i++)
        {
            book.Submit(Valid(i));
        }
        book.Purge();
        var first = view.Lookups;
        book.Purge();
        book.Cut(20, 5, new Random(1));
        var unchanged = view.Lookups;
        // A payload-only block changes no verdict but its own entries'; an aggregate starts a new round.
        ledger.Applier.Apply(0, Hash32.Zero, [Valid(1000)]);
        book.Purge();
        var afterPayloads = view.Lookups;
        ledger.Applier.Apply(1, Hash32.Zero, [new Aggregate(0, 0, Hash32.Zero, 1).Encode()]);
        book.Purge();

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(20), "each entry validated once");
            Assert.That(unchanged, Is.EqualTo(first), "nothing re-validated while the generation stands");
            Assert.That(afterPayloads, Is.EqualTo(first), "payloads do not move the generation");
            Assert.That(view.Lookups, Is.EqualTo(first + 20), "a new round re-validates every entry");
            Assert.That(book.Count, Is.EqualTo(20));
        });
    }

    [Test]
    public void An_entry_checked_at_submission_is_not_validated_again_by_the_next_cut()
    {
        var ledger = new TestLedger();
        var view = new CountingView(ledger.State);
        var book = new TxBook(ledger.Validator, view);
        var checkedEntry = new Payload([1]);
        var plain = new Payload([2]);
        Assume.That(book.Check(checkedEntry), Is.Null);
        book.Submit(checkedEntry, checkedNow: true);
        book.Submit(plain);
        var before = view.Lookups;

        book.Purge();

        Assert.That(view.Lookups - before, Is.EqualTo(1), "only the entry submitted without a check is validated");
    }

    [Test]
    public void After_a_purge_found_everything_valid_an_unchecked_submission_is_still_validated()
    {
        var ledger = new TestLedger();
        var view = new CountingView(ledger.State);
        var book = new TxBook(ledger.Validator, view);
        for (var i = 0; i < 5; i++)
        {
            book.Submit(Valid(i));
        }
        book.Purge();
        var afterFirst = view.Lookups;
        book.Purge();
        var idle = view.Lookups;

        book.Submit(Invalid(1));
        var cut = book.Cut(10, 10, new Random(1));

        Assert.Multiple(() =>
        {
            Assert.That(idle, Is.EqualTo(afterFirst), "a second purge at the same generation looks at nothing");
            Assert.That(cut, Has.Count.EqualTo(5), "the new invalid entry is purged although the generation did not move");
            Assert.That(book.Purged[InvalidReason.UnknownClient], Is.EqualTo(1));
            Assert.That(view.Lookups - idle, Is.EqualTo(1), "only the new entry is validated; the others are still valid at this generation");
        });
    }

    /// <summary>The ledger's view, counting committed-id lookups (one per validation).</summary>
    private sealed class CountingView(ILedgerView inner) : ILedgerView
    {
        public int Lookups { get; private set; }

        public uint Shard => inner.Shard;

        public uint ShardCount => inner.ShardCount;

        public ulong CurrentRound => inner.CurrentRound;

        public long Generation => inner.Generation;

        public bool IsKnownClient(string client) => inner.IsKnownClient(client);

        public bool IsCommitted(Hash32 entryId)
        {
            Lookups++;
            return inner.IsCommitted(entryId);
        }

        public uint? CommittedChunkCount(ulong round, string client) => inner.CommittedChunkCount(round, client);

        public bool HasVouched(ulong round, string client, int holder) => inner.HasVouched(round, client, holder);

        public int? AvailableUpdates(ulong round, int holders) => inner.AvailableUpdates(round, holders);

        public CrossShardState CrossShard(Hash32 legId) => inner.CrossShard(legId);

        public bool IsAccepted(uint inputShard, ulong height) => inner.IsAccepted(inputShard, height);
    }
}
