using System.Net;

namespace DumboFL.Network;

/// <summary>Fault injection and wiring for tests over loopback; not part of the public surface.</summary>
public sealed partial class Transport
{
    /// <summary>Dial <paramref name="endpoint"/> for <paramref name="peerId"/> (its port was 0 when the
    /// cluster list was made).</summary>
    internal void UsePeerEndpoint(string peerId, EndPoint endpoint) => _links[peerId].UseEndpoint(endpoint);

    /// <summary>Break this node's connection to the peer (its outbound link) at the socket.</summary>
    internal void AbortOutbound(string peerId) => _links[peerId].AbortConnection();

    /// <summary>Break the peer's connection to this node (served by this node's server) at the socket.</summary>
    internal void AbortInbound(string peerId) => _server.AbortInbound(peerId);
}
