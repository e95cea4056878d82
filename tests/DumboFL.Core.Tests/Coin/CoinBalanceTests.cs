using DumboFL.Core.Coin;

namespace DumboFL.Core.Tests.Coin;

// The coin must be unbiased, or an adversary that knows the bias could steer ABA. With 1,000 coins the
// bands below are more than six standard deviations wide, and the run is deterministic (seeded keys,
// derived nonces, fixed ids), so a failure is a real bias, reproducible, not bad luck.
public class CoinBalanceTests
{
    private const int Coins = 1_000;
    private CoinValue[] _values = [];

    [OneTimeSetUp]
    public void TossCoins()
    {
        // n = 4, f = 1: two shares a coin. Shares are not verified here; other tests cover that.
        var keys = CoinTestKeys.For(4);
        var coin = new ThresholdCoin(keys.Public);
        _values = Enumerable.Range(0, Coins).Select(i =>
        {
            var id = System.Text.Encoding.UTF8.GetBytes($"balance/{i}");
            // Rotate through the signer pairs so the balance does not rest on one subset.
            var first = i % 4;
            var second = (first + 1 + (i / 4 % 3)) % 4;
            return coin.Combine(id, [coin.CreateShare(keys.Secrets[first], id), coin.CreateShare(keys.Secrets[second], id)]);
        }).ToArray();
    }

    [Test]
    public void All_coins_are_distinct()
    {
        Assert.That(_values.Distinct().Count(), Is.EqualTo(Coins));
    }

    [Test]
    public void ToBit_is_one_for_40_to_60_percent_of_coins()
    {
        var ones = _values.Count(v => v.ToBit());

        Assert.That(ones, Is.InRange(400, 600));
    }

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(7)]
    public void ToIndex_hits_every_value_within_half_to_one_and_a_half_times_the_expected_count(int n)
    {
        var counts = new int[n];
        foreach (var value in _values)
        {
            counts[value.ToIndex(n)]++;
        }
        var expected = (double)Coins / n;

        Assert.That(counts, Is.All.InRange((int)Math.Ceiling(0.5 * expected), (int)Math.Floor(1.5 * expected)),
            string.Join(", ", counts));
    }

    [Test]
    public void ToUInt64_spreads_over_the_whole_range()
    {
        var highHalf = _values.Count(v => v.ToUInt64() >= 1UL << 63);
        var lowestBitSet = _values.Count(v => (v.ToUInt64() & 1) == 1);

        Assert.Multiple(() =>
        {
            Assert.That(highHalf, Is.InRange(400, 600));
            Assert.That(lowestBitSet, Is.InRange(400, 600));
        });
    }
}
