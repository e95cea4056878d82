using System.Collections.Concurrent;
using DumboFL.Core.Coin;

namespace DumboFL.Core.Tests.Coin;

// Dealing is the slow part of a coin test (n+1 fixed-base multiplications), so each committee size is
// dealt once, from a fixed seed, and shared by every test that only reads it.
internal sealed record CoinTestKeys(CoinKeySet Public, CoinSecretKey[] Secrets)
{
    private static readonly ConcurrentDictionary<int, Lazy<CoinTestKeys>> Dealt = new();

    public int Threshold => Public.Threshold;

    public static CoinTestKeys For(int n) =>
        Dealt.GetOrAdd(n, size => new Lazy<CoinTestKeys>(() =>
        {
            var (keys, secrets) = CoinDealer.Deal(size, new Quorum(size).Weak, System.Text.Encoding.UTF8.GetBytes($"test keys n={size}"));
            return new CoinTestKeys(keys, secrets);
        })).Value;

    public CoinShare[] AllShares(ThresholdCoin coin, byte[] coinId) =>
        Secrets.Select(s => coin.CreateShare(s, coinId)).ToArray();

    public static IEnumerable<int[]> Subsets(int n, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }
        for (var last = size - 1; last < n; last++)
        {
            foreach (var rest in Subsets(last, size - 1))
            {
                yield return [.. rest, last];
            }
        }
    }
}
