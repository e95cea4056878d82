using DumboFL.Consensus;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests.Support;

/// <summary>Keys and configs for one shard of n nodes, made once per n (ECDSA keys are random; coin keys seeded).</summary>
internal sealed class ShardFixture
{
    private static readonly Dictionary<int, ShardFixture> Cache = [];

    private ShardFixture(int n)
    {
        N = n;
        Keys = Enumerable.Range(0, n).Select(_ => NodeKey.Generate()).ToArray();
        Committee = new Committee(Keys.Select(k => k.PublicKey));
        var (coinKeys, secrets) = CoinDealer.Deal(n, Committee.Quorum.Weak, [1, 2, 3, (byte)n]);
        Coin = new ThresholdCoin(coinKeys);
        CoinSecrets = secrets;
        Domain = new SigningDomain(Hash32.Of([(byte)n]), 0);
    }

    public int N { get; }

    public NodeKey[] Keys { get; }

    public Committee Committee { get; }

    public ThresholdCoin Coin { get; }

    public CoinSecretKey[] CoinSecrets { get; }

    public SigningDomain Domain { get; }

    public static ShardFixture For(int n)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(n, out var fixture))
            {
                Cache[n] = fixture = new ShardFixture(n);
            }
            return fixture;
        }
    }

    public ConsensusConfig Config(int self, int batchSize = 16, ulong eagerEpochs = 0, int proposalSeed = 0) =>
        new(Domain, Committee, self, Keys[self], Coin, CoinSecrets[self])
        {
            BatchSize = batchSize,
            EagerEpochs = eagerEpochs,
            ProposalSeed = proposalSeed + self,
        };
}
