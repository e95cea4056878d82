using DumboFL.Network.Outbound;

namespace DumboFL.Network;

/// <summary>
/// This node's dialling side: one <see cref="PeerLink"/> per peer (outbound queue, writer, reconnects).
/// Created and owned by <see cref="Transport"/>.
/// </summary>
public sealed class NetworkClient : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, PeerLink> _links;
    private int _disposed;

    internal NetworkClient(IReadOnlyDictionary<string, PeerLink> links) => _links = links;

    internal IReadOnlyDictionary<string, PeerLink> Links => _links;

    internal void Start()
    {
        foreach (var link in _links.Values)
        {
            link.Start();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await Task.WhenAll(_links.Values.Select(l => l.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
