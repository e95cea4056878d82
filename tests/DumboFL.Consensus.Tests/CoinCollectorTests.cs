using DumboFL.Consensus.Tests.Support;

namespace DumboFL.Consensus.Tests;

public class CoinCollectorTests
{
    private static readonly ShardFixture Fixture = ShardFixture.For(4);
    private static readonly byte[] CoinId = Statements.CoinId(Fixture.Domain, 3, new CoinSlot(CoinPurpose.Agreement, 0, 1));

    [Test]
    public void Our_released_share_counts_so_one_foreign_share_completes_the_coin()
    {
        var collector = new CoinCollector(Fixture.Config(0), CoinId);
        var step = new Step();

        var own = collector.Release();
        Assert.That(collector.Value, Is.Null, "f+1 = 2 shares are needed");
        collector.Add(2, Fixture.Coin.CreateShare(Fixture.CoinSecrets[2], CoinId), step, 3);

        var fromOthers = Fixture.Coin.Combine(CoinId, [
            Fixture.Coin.CreateShare(Fixture.CoinSecrets[1], CoinId),
            Fixture.Coin.CreateShare(Fixture.CoinSecrets[3], CoinId)]);
        Assert.Multiple(() =>
        {
            Assert.That(own.Signer, Is.EqualTo(0));
            Assert.That(collector.Value, Is.EqualTo(fromOthers), "any f+1 shares give the same coin");
            Assert.That(step.Faults, Is.Empty);
        });
    }

    [Test]
    public void A_bad_foreign_share_is_flagged_and_does_not_complete_the_coin()
    {
        var collector = new CoinCollector(Fixture.Config(0), CoinId);
        var step = new Step();
        collector.Release();
        var otherCoin = Statements.CoinId(Fixture.Domain, 4, new CoinSlot(CoinPurpose.Agreement, 0, 1));

        collector.Add(1, Fixture.Coin.CreateShare(Fixture.CoinSecrets[1], otherCoin), step, 3);

        Assert.Multiple(() =>
        {
            Assert.That(collector.Value, Is.Null);
            Assert.That(step.Faults.Select(f => (f.Node, f.Kind)), Is.EqualTo(new[] { (1, FaultKind.BadCoinShare) }));
        });
    }
}
