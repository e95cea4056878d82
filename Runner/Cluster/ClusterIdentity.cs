using DumboFL.Core.Coin;
using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Runner.Cluster;

/// <summary>
/// cluster_id = SHA-256 of the canonical encoding of the shard count, every node's id and public key (in
/// shard, index order) and every shard's coin key set. Every signed statement starts with it (SigningDomain),
/// so two clusters — even two keygen runs with the same layout — can never accept each other's signatures.
/// Hosts and ports are deliberately left out: moving a node does not change which cluster it belongs to.
/// </summary>
internal static class ClusterIdentity
{
    private const string Tag = "dumbofl/cluster-id/v1";

    /// <param name="nodes">Sorted by shard, then index.</param>
    public static Hash32 Compute(int shards, int nodesPerShard, IReadOnlyList<ClusterNode> nodes, IReadOnlyList<CoinKeySet> coinKeys)
    {
        var writer = new CanonicalWriter(Tag, 64 + (nodes.Count * 96) + (coinKeys.Count * 40 * (nodesPerShard + 1)))
            .WriteU32((uint)shards)
            .WriteU32((uint)nodesPerShard);
        foreach (var node in nodes)
        {
            writer.WriteString(node.Id).WriteU32(node.Shard).WriteU32((uint)node.Index).WriteBytes(node.PublicKey.Encoded);
        }
        foreach (var keys in coinKeys)
        {
            writer.WriteBytes(keys.Encode());
        }
        return writer.Hash();
    }
}
