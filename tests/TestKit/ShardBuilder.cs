using DumboFL.Consensus;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Simulator;

namespace DumboFL.TestKit;

/// <summary>
/// Builds the configs of one shard for unit tests: cached node keys, coin keys dealt from the seed,
/// a signing domain of its own. <c>new ShardBuilder(4).WithBatch(8).Build()</c>.
/// </summary>
public sealed class ShardBuilder
{
    private readonly int _n;
    private ulong _seed = 1;
    private uint _shard;
    private int _batch = 16;
    private ulong _eagerEpochs;

    public ShardBuilder(int n) => _n = n;

    public ShardBuilder WithSeed(ulong seed)
    {
        _seed = seed;
        return this;
    }

    public ShardBuilder WithShard(uint shard)
    {
        _shard = shard;
        return this;
    }

    public ShardBuilder WithBatch(int batch)
    {
        _batch = batch;
        return this;
    }

    public ShardBuilder WithEagerEpochs(ulong epochs)
    {
        _eagerEpochs = epochs;
        return this;
    }

    public TestShard Build()
    {
        var keys = ShardKeys.Create(_n, _seed, TestKeys.ForCommittee(_n));
        var domain = new SigningDomain(Hash32.Of(BitConverter.GetBytes(_seed)), _shard);
        var configs = Enumerable.Range(0, _n).Select(i =>
            new ConsensusConfig(domain, keys.Committee, i, keys.NodeKeys[i], keys.Coin, keys.CoinSecrets[i])
            {
                BatchSize = _batch,
                EagerEpochs = _eagerEpochs,
                ProposalSeed = unchecked((int)SeedDerivation.Derive(_seed, "proposal", i)),
            }).ToArray();
        return new TestShard(keys, domain, configs);
    }
}
