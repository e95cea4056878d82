using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>The cross-shard state a store derives from the blocks it appends (docs/CROSS_SHARD.md).</summary>
public abstract partial class LedgerStoreContract
{
    /// <summary>Shape only (the store does not verify certificates; validation does).</summary>
    private static QuorumCertificate StandIn() => new([0, 1, 2], Enumerable.Range(0, 3).Select(i => Enumerable.Repeat((byte)i, 64).ToArray()).ToArray());

    private static CrossShardTx Leg(int tag, uint[] inputs, bool[] valid, uint output) =>
        new(Hash32.Of(BitConverter.GetBytes(tag)), inputs, valid, output, false, [(byte)tag]);

    /// <summary>Shard 0's chain: accepts the legs of two input blocks, aborts one tx, commits another's output leg.</summary>
    protected (CrossShardTx Committed, CrossShardTx Aborted, CrossShardTx Waiting) AppendCrossShardHistory()
    {
        var committed = Leg(1, [1, 2], [true, true], 0);
        var aborted = Leg(2, [1, 2], [true, false], 0);
        var waiting = Leg(3, [1, 2], [true, true], 0);
        var chain = new TestChain();
        Store.Append(chain.Next([new LegsAccepted(1, 10, [committed.Id, aborted.Id, waiting.Id], StandIn())]));
        Store.Append(chain.Next([new LegsAccepted(2, 4, [committed.Id], StandIn()), new CrossShardAbort(aborted, 2, StandIn())]));
        Store.Append(chain.Next([committed.OutputLeg(), TestEntries.Payload(5, 8)]));
        return (committed, aborted, waiting);
    }

    [Test]
    public void Cross_shard_state_follows_the_committed_entries()
    {
        var (committed, aborted, waiting) = AppendCrossShardHistory();
        CheckCrossShardHistory(committed, aborted, waiting);
    }

    [Test]
    public void In_flight_cross_shard_rows_are_replaced_and_deleted_by_key()
    {
        var chain = new TestChain();
        Store.StageCrossShardPending([("v/1/10/a", [1]), ("h/0/0/b", [2]), ("s/1/10/c", [3])]);
        Store.Append(chain.Next([TestEntries.Payload(1, 8)]));
        Store.StageCrossShardPending([("v/1/10/a", [4, 4]), ("h/0/0/b", null)]);
        Store.Append(chain.Next([TestEntries.Payload(2, 8)]));
        Store.Flush();

        Assert.That(Store.LoadCrossShardPending().Select(r => (r.Key, r.Value)),
            Is.EqualTo(new[] { ("s/1/10/c", new byte[] { 3 }), ("v/1/10/a", new byte[] { 4, 4 }) }));
    }

    protected void CheckCrossShardHistory(CrossShardTx committed, CrossShardTx aborted, CrossShardTx waiting) =>
        Assert.Multiple(() =>
        {
            Assert.That(Store.IsAccepted(1, 10) && Store.IsAccepted(2, 4), Is.True, "both input blocks accepted");
            Assert.That(Store.IsAccepted(1, 11) || Store.IsAccepted(2, 10), Is.False);
            Assert.That(Store.FindCrossShard(waiting.Id).AcceptedInputs, Is.EquivalentTo(new uint[] { 1 }), "one leg of the waiting tx accepted");
            Assert.That(Store.FindCrossShard(waiting.Id).Aborted, Is.False);
            Assert.That(Store.FindCrossShard(aborted.Id).Aborted, Is.True);
            Assert.That(Store.FindCrossShard(committed.Id).AcceptedInputs, Is.Empty, "accepted legs are dropped once the output leg commits");
            Assert.That(Store.ContainsEntry(committed.OutputLeg().Id), Is.True);
            Assert.That(Store.FindCrossShard(Hash32.Of([42])), Is.EqualTo(DumboFL.Ledger.Validation.CrossShardState.None));
        });
}
