using DumboFL.Core.Coin;
using Org.BouncyCastle.Math;

namespace DumboFL.Core.Tests.Coin;

public class ThresholdCoinTests
{
    private static readonly byte[] CoinId = "epoch 12 / aba 3 / round 5"u8.ToArray();

    [TestCase(4)]
    [TestCase(7)]
    [TestCase(10)]
    public void Any_f_plus_1_valid_shares_give_the_same_coin(int n)
    {
        var keys = CoinTestKeys.For(n);
        var coin = new ThresholdCoin(keys.Public);
        var shares = keys.AllShares(coin, CoinId);
        var subsets = CoinTestKeys.Subsets(n, keys.Threshold).ToArray();

        var values = subsets.Select(subset => coin.Combine(CoinId, subset.Select(i => shares[i]).ToArray())).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(shares.Select(s => coin.VerifyShare(CoinId, s)), Is.All.True);
            Assert.That(subsets, Has.Length.GreaterThan(1));
            Assert.That(values.Distinct(), Has.Exactly(1).Items);
        });
    }

    [TestCase(4)]
    [TestCase(7)]
    public void The_coin_is_the_hash_of_H_of_id_to_the_dealt_secret(int n)
    {
        var keys = CoinTestKeys.For(n);
        var coin = new ThresholdCoin(keys.Public);
        var secret = InterpolateSecret(keys.Secrets.Take(keys.Threshold).ToArray());
        var expected = ThresholdCoin.ValueOf(CoinId, HashToCurve.Map(CoinId).Multiply(secret));

        var value = coin.Combine(CoinId, keys.AllShares(coin, CoinId).Reverse().ToArray());

        Assert.That(value, Is.EqualTo(expected));
    }

    [Test]
    public void The_dealt_shares_interpolate_to_the_group_key_from_any_threshold_subset()
    {
        var keys = CoinTestKeys.For(7);

        var secrets = CoinTestKeys.Subsets(7, keys.Threshold)
            .Select(subset => InterpolateSecret(subset.Select(i => keys.Secrets[i]).ToArray()))
            .ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(secrets.Distinct(), Has.Exactly(1).Items);
            Assert.That(Secp256k1.Encode(Secp256k1.MultiplyG(secrets[0])), Is.EqualTo(keys.Public.GroupKey));
        });
    }

    [Test]
    public void Different_coin_ids_give_different_coins()
    {
        var keys = CoinTestKeys.For(4);
        var coin = new ThresholdCoin(keys.Public);
        byte[] other = [.. CoinId, 0x00];

        var first = coin.Combine(CoinId, keys.AllShares(coin, CoinId));
        var second = coin.Combine(other, keys.AllShares(coin, other));

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Combine_uses_the_first_threshold_distinct_signers_and_skips_repeats()
    {
        var keys = CoinTestKeys.For(7);
        var coin = new ThresholdCoin(keys.Public);
        var shares = keys.AllShares(coin, CoinId);
        var garbage = shares[6] with { Point = shares[5].Point };

        var value = coin.Combine(CoinId, [shares[2], shares[2], shares[0], shares[4], garbage]);

        Assert.That(value, Is.EqualTo(coin.Combine(CoinId, [shares[0], shares[2], shares[4]])));
    }

    [TestCase(4)]
    [TestCase(7)]
    [TestCase(10)]
    public void F_shares_are_not_enough(int n)
    {
        var keys = CoinTestKeys.For(n);
        var coin = new ThresholdCoin(keys.Public);
        var shares = keys.AllShares(coin, CoinId).Take(keys.Threshold - 1).ToArray();

        Assert.That(() => coin.Combine(CoinId, shares), Throws.ArgumentException);
    }

    [Test]
    public void Duplicates_of_one_signer_do_not_count_towards_the_threshold()
    {
        var keys = CoinTestKeys.For(7);
        var coin = new ThresholdCoin(keys.Public);
        var shares = keys.AllShares(coin, CoinId);

        Assert.Multiple(() =>
        {
            Assert.That(() => coin.Combine(CoinId, [shares[1], shares[1], shares[1], shares[1]]), Throws.ArgumentException);
            Assert.That(() => coin.Combine(CoinId, [shares[1], shares[3], shares[1], shares[3]]), Throws.ArgumentException);
            Assert.That(() => coin.Combine(CoinId, []), Throws.ArgumentException);
        });
    }

    [Test]
    public void Combine_refuses_a_signer_outside_the_committee()
    {
        var keys = CoinTestKeys.For(4);
        var coin = new ThresholdCoin(keys.Public);
        var shares = keys.AllShares(coin, CoinId);

        Assert.That(() => coin.Combine(CoinId, [shares[0], shares[1] with { Signer = 4 }]), Throws.ArgumentException);
    }

    [Test]
    public void Shares_are_deterministic_for_a_key_and_coin_id()
    {
        var keys = CoinTestKeys.For(4);
        var coin = new ThresholdCoin(keys.Public);

        var first = coin.CreateShare(keys.Secrets[1], CoinId);
        var again = new ThresholdCoin(keys.Public).CreateShare(keys.Secrets[1], CoinId);

        Assert.Multiple(() =>
        {
            Assert.That(again.Point, Is.EqualTo(first.Point));
            Assert.That(again.Challenge, Is.EqualTo(first.Challenge));
            Assert.That(again.Response, Is.EqualTo(first.Response));
            Assert.That(first.Point, Has.Length.EqualTo(CoinShare.PointSize));
            Assert.That(first.Challenge, Has.Length.EqualTo(CoinShare.ScalarSize));
            Assert.That(first.Response, Has.Length.EqualTo(CoinShare.ScalarSize));
        });
    }

    [Test]
    public void CreateShare_refuses_a_key_share_from_another_deal()
    {
        var keys = CoinTestKeys.For(4);
        var (_, strangers) = CoinDealer.Deal(4, 2, "another shard"u8);
        var coin = new ThresholdCoin(keys.Public);

        Assert.That(() => coin.CreateShare(strangers[0], CoinId), Throws.ArgumentException);
    }

    [Test]
    public void Verification_is_safe_from_several_threads_across_more_ids_than_the_cache_holds()
    {
        var keys = CoinTestKeys.For(4);
        var coin = new ThresholdCoin(keys.Public);
        var ids = Enumerable.Range(0, 12).Select(i => System.Text.Encoding.UTF8.GetBytes($"parallel {i}")).ToArray();
        var shares = ids.Select(id => keys.AllShares(coin, id)).ToArray();
        var verifier = new ThresholdCoin(keys.Public);
        var results = new bool[ids.Length * 4 * 2];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var id = k % ids.Length;
            var share = shares[id][k / ids.Length % 4];
            // Second half: the same share checked against the next id must fail.
            results[k] = k < results.Length / 2
                ? verifier.VerifyShare(ids[id], share)
                : !verifier.VerifyShare(ids[(id + 1) % ids.Length], share);
        });

        Assert.That(results, Is.All.True);
    }

    private static BigInteger InterpolateSecret(CoinSecretKey[] secrets)
    {
        var lambdas = Lagrange.AtZero(secrets.Select(s => s.Index).ToArray());
        return secrets.Zip(lambdas, (s, l) => s.Scalar.Multiply(l)).Aggregate(BigInteger.Zero, (a, b) => a.Add(b)).Mod(Secp256k1.Order);
    }
}
