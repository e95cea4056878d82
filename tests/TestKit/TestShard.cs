using DumboFL.Consensus;
using DumboFL.Core.Crypto;
using DumboFL.Simulator;

namespace DumboFL.TestKit;

/// <summary>A built shard: its keys, its signing domain, and one config per node.</summary>
public sealed record TestShard(ShardKeys Keys, SigningDomain Domain, IReadOnlyList<ConsensusConfig> Configs)
{
    public int N => Configs.Count;

    public Committee Committee => Keys.Committee;
}
