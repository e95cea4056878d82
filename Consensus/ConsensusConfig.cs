using DumboFL.Core;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;

namespace DumboFL.Consensus;

/// <summary>Everything one node of one shard needs to run Dumbo-2. Immutable; shared by all the node's state machines.</summary>
public sealed class ConsensusConfig
{
    public ConsensusConfig(SigningDomain domain, Committee committee, int self, NodeKey key,
        ThresholdCoin coin, CoinSecretKey coinSecret)
    {
        if (!committee.Contains(self))
        {
            throw new ArgumentOutOfRangeException(nameof(self), self, $"not a member of a committee of {committee.N}");
        }
        if (coin.Keys.N != committee.N || coin.Keys.Threshold != committee.Quorum.Weak)
        {
            throw new ArgumentException(
                $"coin keys are for n={coin.Keys.N}, threshold={coin.Keys.Threshold}; the committee needs n={committee.N}, threshold={committee.Quorum.Weak}",
                nameof(coin));
        }
        if (coinSecret.Index != self)
        {
            throw new ArgumentException($"coin secret is for node {coinSecret.Index}, not {self}", nameof(coinSecret));
        }
        Domain = domain;
        Committee = committee;
        Self = self;
        Key = key;
        Coin = coin;
        CoinSecret = coinSecret;
    }

    public SigningDomain Domain { get; }

    public Committee Committee { get; }

    public Quorum Quorum => Committee.Quorum;

    public int N => Committee.N;

    public int Self { get; }

    public NodeKey Key { get; }

    public ThresholdCoin Coin { get; }

    public CoinSecretKey CoinSecret { get; }

    /// <summary>B: the target number of items per epoch; each node proposes ⌈B/n⌉.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Messages for epochs more than this far ahead of the current one are refused.</summary>
    public int EpochWindow { get; init; } = 4;

    /// <summary>How many finished epochs keep their state to answer late value requests from slower nodes.</summary>
    public int RetainedEpochs { get; init; } = 4;

    /// <summary>
    /// How many committed epochs' item hashes are kept to drop a re-proposed item before it is output again. Part of the
    /// deterministic output rule, so the same at every node of a shard. A node whose ledger refuses duplicates exactly
    /// (it validates every decided item) needs only a few; opaque-item runs rely on it alone. Memory grows with
    /// this times B.
    /// </summary>
    public int RecentEpochs { get; init; } = 64;

    /// <summary>Epochs before this one start as soon as the previous one commits, even with nothing to propose.</summary>
    public ulong EagerEpochs { get; init; }

    /// <summary>
    /// The epoch this node starts in. 0 for a fresh shard; a node that restarts or catches up starts past every
    /// epoch it may have signed in, once its ledger holds every block of the epochs before (see docs/NODE.md).
    /// </summary>
    public ulong FirstEpoch { get; init; }

    /// <summary>Seed of the node's proposal sampling (random choice from the front of its queue).</summary>
    public int ProposalSeed { get; init; } = 1;

    /// <summary>Largest item accepted into a proposal; a node refuses a VAL carrying a larger one.</summary>
    public int MaxItemBytes { get; init; } = 1 << 20;

    public int ProposalSize => (BatchSize + N - 1) / N;
}
