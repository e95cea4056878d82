using DumboFL.Core.Coin;

namespace DumboFL.Runner.Cluster;

public sealed partial class ClusterFile
{
    // Any fixed id will do: a share is only created to let ThresholdCoin check the key share against the key set.
    private static readonly byte[] ProbeCoinId = "dumbofl/cluster/secret-check"u8.ToArray();

    /// <summary>
    /// Reads <c>keys/ID.key</c> and checks that both secrets belong to the node cluster.json publishes under
    /// <paramref name="id"/>: a node running with someone else's keys would sign as that node.
    /// </summary>
    /// <exception cref="ClusterFileException">Unknown id, missing or shared (group/other-accessible) file, keys that do not match.</exception>
    public NodeSecrets LoadSecrets(string id)
    {
        var node = Node(id);
        var path = KeyFile.PathOf(Directory, id);
        var (nodeKey, coinSecret) = KeyFile.Read(path, id);
        try
        {
            if (!nodeKey.PublicKey.Equals(node.PublicKey))
            {
                throw new ClusterFileException($"{path}: 'node_key' is not the key {FileName} publishes for node {id}");
            }
            if (coinSecret.Index != node.Index)
            {
                throw new ClusterFileException($"{path}: 'coin_secret' is the share of index {coinSecret.Index}, node {id} has index {node.Index}");
            }
            try
            {
                new ThresholdCoin(CoinKeys(node.Shard)).CreateShare(coinSecret, ProbeCoinId);
            }
            catch (ArgumentException e)
            {
                throw new ClusterFileException($"{path}: 'coin_secret' does not belong to shard {node.Shard}'s coin key set", e);
            }
            return new NodeSecrets(id, nodeKey, coinSecret);
        }
        catch
        {
            nodeKey.Dispose();
            throw;
        }
    }
}
