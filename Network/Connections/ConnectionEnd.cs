using System.Net.Sockets;
using System.Security.Authentication;

namespace DumboFL.Network.Connections;

internal static class ConnectionEnd
{
    /// <summary>
    /// The ways a connection ends that are network events rather than bugs: closed or reset sockets, TLS
    /// refusals, timeouts and aborts. Workers swallow these; anything else is counted as unexpected.
    /// </summary>
    public static bool Is(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or OperationCanceledException
            or AuthenticationException;
}
