using System.Net;
using System.Net.Sockets;

namespace DumboFL.Runner.Cluster;

/// <summary>
/// TCP ports that are free on this host right now: the OS picks them (bind to port 0). Every listener stays
/// open until all are picked, so the ports are distinct; they are free when keygen returns, not reserved —
/// another process may still take one before the node binds it.
/// </summary>
internal static class FreePorts
{
    public static int[] Take(int count, IReadOnlySet<int> avoid)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new List<int>(count);
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Any, 0);
                listener.Start();
                listeners.Add(listener);
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (!avoid.Contains(port))
                {
                    ports.Add(port);
                }
            }
            return ports.ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}
