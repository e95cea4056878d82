using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Tests.Book;

public class EntryValidatorTests
{
    private static InvalidReason? Check(LedgerEntry entry, TestLedger? ledger = null)
    {
        ledger ??= new TestLedger();
        return ledger.Validator.Validate(entry, ledger.State);
    }

    [Test]
    public void Valid_entries_of_every_kind_pass()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Check(new ChunkCommit(0, "client-1", 0, Hash32.Zero, 100)), Is.Null);
            Assert.That(Check(new ModelUpdate(0, "client-1", Hash32.Zero, 3, 10)), Is.Null);
            Assert.That(Check(new Aggregate(0, 0, Hash32.Zero, 10)), Is.Null);
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [0], [true], 0, true, [1])), Is.Null);
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [0, 2], [true, false], 1, false, [1])), Is.Null, "this shard's leg is valid: it may lock it");
            // The output shard takes only the output form, and only once every input leg is accepted (docs/CROSS_SHARD.md).
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [1, 2], [true, true], 0, false, [1])), Is.EqualTo(InvalidReason.WrongShard), "input form at the output shard");
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [1, 2], [true, true], 0, true, [1])), Is.EqualTo(InvalidReason.NotCertified), "output form before acceptance");
            Assert.That(Check(new Payload([1])), Is.Null);
        });
    }

    [TestCase("client-x1", ExpectedResult = InvalidReason.UnknownClient)]
    [TestCase("", ExpectedResult = InvalidReason.Malformed)]
    public InvalidReason? Clients_must_be_known(string client) => Check(new ChunkCommit(0, client, 0, Hash32.Zero, 1));

    [Test]
    public void Rules_return_their_reason()
    {
        var big = new byte[LedgerRules.Default.MaxPayloadBytes + 1];
        Assert.Multiple(() =>
        {
            Assert.That(Check(new ChunkCommit(5, "client-1", 0, Hash32.Zero, 1)), Is.EqualTo(InvalidReason.FutureRound));
            Assert.That(Check(new ChunkCommit(0, "client-1", 0, Hash32.Zero, 0)), Is.EqualTo(InvalidReason.TooLarge));
            Assert.That(Check(new ChunkCommit(0, "client-1", LedgerRules.Default.MaxChunksPerUpdate, Hash32.Zero, 1)), Is.EqualTo(InvalidReason.ChunkIndexOutOfRange));
            Assert.That(Check(new ModelUpdate(0, "client-1", Hash32.Zero, 0, 10)), Is.EqualTo(InvalidReason.Malformed));
            Assert.That(Check(new Aggregate(0, 1, Hash32.Zero, 10)), Is.EqualTo(InvalidReason.WrongShard));
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [0], [false], 0, false, [1])), Is.EqualTo(InvalidReason.InvalidLeg));
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [1, 2], [true, false], 2, false, [1])), Is.EqualTo(InvalidReason.WrongShard));
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [0, 0], [true, true], 1, false, [1])), Is.EqualTo(InvalidReason.Malformed));
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [0], [true, true], 0, false, [1])), Is.EqualTo(InvalidReason.Malformed));
            Assert.That(Check(new CrossShardTx(Hash32.Zero, [7], [true], 0, false, [1])), Is.EqualTo(InvalidReason.Malformed), "shard out of range");
            Assert.That(Check(new Payload(big)), Is.EqualTo(InvalidReason.TooLarge));
            Assert.That(Check(new Payload([])), Is.EqualTo(InvalidReason.Malformed));
        });
    }

    [Test]
    public void Committed_entries_are_duplicates_and_chunk_indices_follow_the_committed_update()
    {
        var ledger = new TestLedger();
        var update = new ModelUpdate(0, "client-2", Hash32.Zero, 2, 10);
        var payload = new Payload([7]);
        ledger.Applier.Apply(0, Hash32.Zero, [update.Encode(), payload.Encode()]);
        Assert.Multiple(() =>
        {
            Assert.That(Check(payload, ledger), Is.EqualTo(InvalidReason.Duplicate));
            Assert.That(Check(update with { SampleCount = 11 }, ledger), Is.EqualTo(InvalidReason.Duplicate), "one update per client and round");
            Assert.That(Check(new ChunkCommit(0, "client-2", 1, Hash32.Zero, 1), ledger), Is.Null);
            Assert.That(Check(new ChunkCommit(0, "client-2", 2, Hash32.Zero, 1), ledger), Is.EqualTo(InvalidReason.ChunkIndexOutOfRange));
        });
    }

    [Test]
    public void A_committed_aggregate_advances_the_round_and_old_entries_go_stale()
    {
        var ledger = new TestLedger();
        ledger.Applier.Apply(0, Hash32.Zero, [new Aggregate(0, 0, Hash32.Zero, 1).Encode()]);
        ledger.Applier.Apply(1, Hash32.Zero, [new Aggregate(1, 0, Hash32.Zero, 1).Encode()]);
        Assert.Multiple(() =>
        {
            Assert.That(ledger.State.CurrentRound, Is.EqualTo(2UL));
            Assert.That(Check(new ChunkCommit(0, "client-1", 0, Hash32.Zero, 1), ledger), Is.EqualTo(InvalidReason.StaleRound));
            Assert.That(Check(new ChunkCommit(1, "client-1", 0, Hash32.Zero, 1), ledger), Is.Null, "one round of lag allowed");
        });
    }
}
