using DumboFL.Core.Crypto;

namespace DumboFL.Network;

/// <summary>A node of the cluster as the transport sees it. <paramref name="Id"/> is "shard-index", e.g. "0-3".</summary>
public sealed record PeerAddress(string Id, uint Shard, string Host, int Port, NodePublicKey Key);
