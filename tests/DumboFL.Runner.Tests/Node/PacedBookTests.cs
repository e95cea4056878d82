using DumboFL.Ledger.Book;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;
using DumboFL.Runner.Node;

namespace DumboFL.Runner.Tests.Node;

public sealed class PacedBookTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static (PacedBook Book, TxBook Inner, ManualTime Time) Create(int fullProposal, TimeSpan? interval = null)
    {
        var store = new InMemoryLedgerStore();
        var state = new LedgerState(store, 0, 1, _ => true);
        var inner = new TxBook(new EntryValidator(LedgerRules.Default), state);
        var time = new ManualTime();
        return (new PacedBook(inner, time, interval ?? Interval, fullProposal), inner, time);
    }

    private static void AddPayloads(IPendingBook book, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            book.Add(new Payload(BitConverter.GetBytes(i)).Encode());
        }
    }

    [Test]
    public void After_a_cut_a_small_book_waits_for_the_interval()
    {
        var (book, _, time) = Create(fullProposal: 10);
        AddPayloads(book, 0, 3);
        Assert.That(book.HasWork(100), Is.True, "nothing cut yet: the first epoch opens at once");

        book.Cut(100, 10, new Random(1));
        AddPayloads(book, 3, 3);
        var rightAfter = book.HasWork(100);
        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        var justBefore = book.HasWork(100);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(rightAfter, Is.False);
            Assert.That(justBefore, Is.False);
            Assert.That(book.HasWork(100), Is.True, "the interval has passed");
        });
    }

    [Test]
    public void A_full_proposal_opens_an_epoch_without_waiting()
    {
        var (book, _, _) = Create(fullProposal: 5);
        AddPayloads(book, 0, 1);
        // Cut and committed, as an epoch does.
        book.Remove(book.Cut(100, 5, new Random(1)).Select(i => Core.Hashing.Hash32.Of(i)));
        AddPayloads(book, 1, 4);
        Assert.That(book.HasWork(100), Is.False, "4 pending, under a full proposal of 5");

        AddPayloads(book, 5, 1);

        Assert.That(book.HasWork(100), Is.True);
    }

    [Test]
    public void An_empty_book_has_no_work_however_long_it_waited_and_a_zero_interval_never_waits()
    {
        var (book, _, time) = Create(fullProposal: 5);
        time.Advance(TimeSpan.FromSeconds(10));
        var (unpaced, _, _) = Create(fullProposal: 5, interval: TimeSpan.Zero);
        AddPayloads(unpaced, 0, 1);
        unpaced.Cut(100, 5, new Random(1));
        AddPayloads(unpaced, 1, 1);

        Assert.Multiple(() =>
        {
            Assert.That(book.HasWork(100), Is.False);
            Assert.That(unpaced.HasWork(100), Is.True);
        });
    }

    [Test]
    public void Additions_removals_and_cuts_reach_the_book_underneath()
    {
        var (book, inner, _) = Create(fullProposal: 5);
        AddPayloads(book, 0, 4);
        var cut = book.Cut(100, 2, new Random(1));
        book.Remove(cut.Select(i => Core.Hashing.Hash32.Of(i)));

        Assert.Multiple(() =>
        {
            Assert.That(cut, Has.Count.EqualTo(2));
            Assert.That(inner.Count, Is.EqualTo(2));
            Assert.That(book.Count, Is.EqualTo(2));
        });
    }
}
