using DumboFL.Core.Crypto;

namespace DumboFL.Runner.Cluster;

/// <summary>One node as cluster.json publishes it: where it listens (peers on <see cref="Port"/>, its client API on <see cref="ApiPort"/>) and its public keys.</summary>
public sealed record ClusterNode(string Id, uint Shard, int Index, string Host, int Port, int ApiPort,
    NodePublicKey PublicKey, byte[] CoinVerificationKey);
