using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;

namespace DumboFL.Simulator;

/// <summary>
/// The key material of one simulated shard. Node keys (ECDSA) may be random or reused: nothing in the
/// protocol's control flow depends on signature bytes. Coin keys are always dealt from the seed, because
/// coin values steer the protocol and a seed must replay the same run.
/// </summary>
public sealed class ShardKeys
{
    private ShardKeys(IReadOnlyList<NodeKey> nodeKeys, Committee committee, CoinKeySet coinKeys, CoinSecretKey[] coinSecrets)
    {
        NodeKeys = nodeKeys;
        Committee = committee;
        CoinKeys = coinKeys;
        CoinSecrets = coinSecrets;
        Coin = new ThresholdCoin(coinKeys);
    }

    public IReadOnlyList<NodeKey> NodeKeys { get; }

    public Committee Committee { get; }

    public CoinKeySet CoinKeys { get; }

    public IReadOnlyList<CoinSecretKey> CoinSecrets { get; }

    /// <summary>One coin object for the whole shard: it is immutable apart from a thread-safe cache.</summary>
    public ThresholdCoin Coin { get; }

    /// <param name="nodeKeys">Existing node keys to reuse (at least <paramref name="n"/>), or null to generate fresh ones.</param>
    public static ShardKeys Create(int n, ulong shardSeed, IReadOnlyList<NodeKey>? nodeKeys = null)
    {
        if (nodeKeys is not null && nodeKeys.Count < n)
        {
            throw new ArgumentException($"need {n} node keys, got {nodeKeys.Count}", nameof(nodeKeys));
        }
        var keys = nodeKeys?.Take(n).ToArray() ?? Enumerable.Range(0, n).Select(_ => NodeKey.Generate()).ToArray();
        var committee = new Committee(keys.Select(k => k.PublicKey));
        var (coinKeys, secrets) = CoinDealer.Deal(n, committee.Quorum.Weak, SeedDerivation.Bytes(shardSeed, "coin-dealer"));
        return new ShardKeys(keys, committee, coinKeys, secrets);
    }
}
