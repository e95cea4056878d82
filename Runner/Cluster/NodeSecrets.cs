using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;

namespace DumboFL.Runner.Cluster;

/// <summary>One node's secret keys from <c>keys/ID.key</c>, already checked against the published public halves.</summary>
public sealed class NodeSecrets : IDisposable
{
    internal NodeSecrets(string id, NodeKey nodeKey, CoinSecretKey coinSecret)
    {
        Id = id;
        NodeKey = nodeKey;
        CoinSecret = coinSecret;
    }

    public string Id { get; }

    public NodeKey NodeKey { get; }

    public CoinSecretKey CoinSecret { get; }

    public void Dispose() => NodeKey.Dispose();
}
