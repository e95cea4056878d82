using DumboFL.Core.Coin;

namespace DumboFL.Core.Tests.Coin;

public class CoinDealerTests
{
    [Test]
    public void Dealing_with_a_seed_is_deterministic()
    {
        var (keys, secrets) = CoinDealer.Deal(7, 3, "replay me"u8);
        var (again, secretsAgain) = CoinDealer.Deal(7, 3, "replay me"u8);

        Assert.Multiple(() =>
        {
            Assert.That(again.Encode(), Is.EqualTo(keys.Encode()));
            Assert.That(secretsAgain.Select(s => s.Encode()), Is.EqualTo(secrets.Select(s => s.Encode())));
        });
    }

    [Test]
    public void Different_seeds_or_no_seed_give_different_keys()
    {
        var (seeded, _) = CoinDealer.Deal(4, 2, "seed A"u8);
        var (otherSeed, _) = CoinDealer.Deal(4, 2, "seed B"u8);
        var (random, _) = CoinDealer.Deal(4, 2);
        var (otherRandom, _) = CoinDealer.Deal(4, 2);

        Assert.Multiple(() =>
        {
            Assert.That(otherSeed.GroupKey, Is.Not.EqualTo(seeded.GroupKey));
            Assert.That(otherRandom.GroupKey, Is.Not.EqualTo(random.GroupKey));
        });
    }

    [Test]
    public void The_shape_of_the_deal_matches_the_request()
    {
        var (keys, secrets) = CoinDealer.Deal(10, 4, "shape"u8);

        Assert.Multiple(() =>
        {
            Assert.That(keys.N, Is.EqualTo(10));
            Assert.That(keys.Threshold, Is.EqualTo(4));
            Assert.That(keys.VerificationKeys, Has.Count.EqualTo(10));
            Assert.That(keys.VerificationKeys.Select(k => k.Length), Is.All.EqualTo(CoinShare.PointSize));
            Assert.That(keys.VerificationKeys.Select(Convert.ToHexString).Distinct().Count(), Is.EqualTo(10));
            Assert.That(keys.GroupKey, Has.Length.EqualTo(CoinShare.PointSize));
            Assert.That(secrets.Select(s => s.Index), Is.EqualTo(Enumerable.Range(0, 10)));
        });
    }

    [Test]
    public void Each_secret_matches_its_verification_key()
    {
        var keys = CoinTestKeys.For(7);

        var derived = keys.Secrets.Select(s => Secp256k1.Encode(Secp256k1.MultiplyG(s.Scalar)));

        Assert.That(derived, Is.EqualTo(keys.Public.VerificationKeys));
    }

    [Test]
    public void Node_i_holds_the_polynomial_at_i_plus_1()
    {
        // Threshold 2: p(X) = a0 + a1·X, so from x_0 = p(1) and x_1 = p(2) the secret is p(0) = 2·x_0 − x_1.
        var keys = CoinTestKeys.For(4);
        var q = Secp256k1.Order;

        var secret = keys.Secrets[0].Scalar.ShiftLeft(1).Subtract(keys.Secrets[1].Scalar).Mod(q);
        var slope = keys.Secrets[1].Scalar.Subtract(keys.Secrets[0].Scalar).Mod(q);

        Assert.Multiple(() =>
        {
            Assert.That(Secp256k1.Encode(Secp256k1.MultiplyG(secret)), Is.EqualTo(keys.Public.GroupKey));
            Assert.That(keys.Secrets[3].Scalar, Is.EqualTo(secret.Add(slope.Multiply(Org.BouncyCastle.Math.BigInteger.Four)).Mod(q)));
        });
    }

    [Test]
    public void A_seeded_deal_and_its_coins_match_the_golden_vector()
    {
        // Pins the whole derivation (seed expansion, x_i = p(i+1), hash-to-curve, DLEQ nonce and challenge,
        // coin hash): simulations recorded with one build must replay with the next. The values were
        // reproduced by an independent big-integer implementation of the same formulas (plain Python, no
        // BouncyCastle). Change only together with a new tag version.
        var (keys, secrets) = CoinDealer.Deal(4, 2, "golden"u8);
        var coin = new ThresholdCoin(keys);
        var id = "golden coin"u8.ToArray();

        var share = coin.CreateShare(secrets[0], id);
        var value = coin.Combine(id, [share, coin.CreateShare(secrets[3], id)]);

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(keys.GroupKey), Is.EqualTo(GoldenGroupKey));
            Assert.That(Convert.ToHexStringLower(share.Point), Is.EqualTo(GoldenSharePoint));
            Assert.That(Convert.ToHexStringLower(share.Challenge), Is.EqualTo(GoldenShareChallenge));
            Assert.That(Convert.ToHexStringLower(share.Response), Is.EqualTo(GoldenShareResponse));
            Assert.That(Convert.ToHexStringLower(keys.VerificationKeys[2]), Is.EqualTo(GoldenVerificationKey2));
            Assert.That(value.Digest.ToHex(), Is.EqualTo(GoldenCoin));
        });
    }

    private const string GoldenGroupKey = "028dfa5d9e7136837af8ded0cde480ca75e55c6cbb9b164b709bb0ed9ae49d2906";
    private const string GoldenVerificationKey2 = "02446319dacc9dd00c139eab39a032ea96234c42c6d828a66742df20c2984529fb";
    private const string GoldenSharePoint = "038095b0d66a6d21e9755a11f31c8a5ba19b58d36100c93a4e9753ca1d781e87f4";
    private const string GoldenShareChallenge = "c6b6151353720f1979aec3376f7b85a93e1000acb4e2c5c4ac38678cf69ad1ff";
    private const string GoldenShareResponse = "11745d16196ae80125ee5c7ff4a74e17489d14f3cdc0f88ddc816ea833d8472e";
    private const string GoldenCoin = "0ac6c49f4ab03a70a894a64245249f3b163f73bb747d676c496c5ba7fcdf464b";

    [Test]
    public void A_threshold_of_one_or_of_n_works()
    {
        var coinId = "edge"u8.ToArray();
        foreach (var (n, t) in new[] { (1, 1), (3, 1), (3, 3) })
        {
            var (keys, secrets) = CoinDealer.Deal(n, t, "edge"u8);
            var coin = new ThresholdCoin(keys);
            var shares = secrets.Select(s => coin.CreateShare(s, coinId)).ToArray();

            var first = coin.Combine(coinId, shares);
            var last = coin.Combine(coinId, shares.Reverse().ToArray());

            Assert.Multiple(() =>
            {
                Assert.That(last, Is.EqualTo(first), $"n={n}, t={t}");
                Assert.That(CoinKeySet.Decode(keys.Encode()).Encode(), Is.EqualTo(keys.Encode()), $"n={n}, t={t}");
            });
        }
    }

    [TestCase(0, 1)]
    [TestCase(4, 0)]
    [TestCase(4, 5)]
    [TestCase(CoinKeySet.MaxMembers + 1, 1)]
    public void Impossible_shapes_are_refused(int n, int threshold)
    {
        Assert.That(() => CoinDealer.Deal(n, threshold, "x"u8), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
