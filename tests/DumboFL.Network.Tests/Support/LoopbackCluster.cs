using System.Net;
using DumboFL.Core.Crypto;
using DumboFL.TestKit;

namespace DumboFL.Network.Tests.Support;

/// <summary>
/// Transports for a test cluster on 127.0.0.1, each on a port the OS picked. The cluster list is made with
/// port 0; once every node is bound, each link is told its peer's real port.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly Dictionary<string, Transport> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IPEndPoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Func<string, NetworkOptions> _options;

    private LoopbackCluster(IReadOnlyList<PeerAddress> addresses, IReadOnlyList<NodeKey> keys, Func<string, NetworkOptions> options)
    {
        Addresses = addresses;
        Keys = keys;
        _options = options;
    }

    public IReadOnlyList<PeerAddress> Addresses { get; }

    public IReadOnlyList<NodeKey> Keys { get; }

    public Transport this[string id] => _running[id];

    public IEnumerable<Transport> Running => _running.Values;

    public static NetworkOptions FastOptions(
        int inboundPerPeer = 4096, long outboundBytes = 256L * 1024 * 1024, TimeSpan? handshakeTimeout = null) => new()
    {
        HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(5),
        KeepAliveInterval = TimeSpan.FromMilliseconds(100),
        // Generous: a loaded two-core test box must not make a live connection look dead.
        IdleTimeout = TimeSpan.FromSeconds(3),
        ReconnectMin = TimeSpan.FromMilliseconds(20),
        ReconnectMax = TimeSpan.FromMilliseconds(200),
        InboundPerPeer = inboundPerPeer,
        OutboundBytesPerPeer = outboundBytes,
    };

    /// <summary>Ids "s-i" for <paramref name="shards"/> shards of <paramref name="perShard"/> nodes.</summary>
    public static IReadOnlyList<PeerAddress> Cluster(IReadOnlyList<NodeKey> keys, int shards, int perShard) =>
        Enumerable.Range(0, shards * perShard)
            .Select(i => new PeerAddress($"{i / perShard}-{i % perShard}", (uint)(i / perShard), "127.0.0.1", 0, keys[i].PublicKey))
            .ToArray();

    /// <summary>Starts every node of the cluster except those in <paramref name="absent"/>.</summary>
    public static async Task<LoopbackCluster> StartAsync(
        int shards, int perShard, Func<string, NetworkOptions>? options = null, IEnumerable<string>? absent = null)
    {
        var keys = TestKeys.ForCommittee(shards * perShard);
        var cluster = new LoopbackCluster(Cluster(keys, shards, perShard), keys, options ?? (_ => FastOptions()));
        var skip = new HashSet<string>(absent ?? [], StringComparer.Ordinal);
        foreach (var address in cluster.Addresses.Where(a => !skip.Contains(a.Id)))
        {
            cluster.Create(address.Id, listenAt: null);
        }
        await cluster.WireAndStartAsync().ConfigureAwait(false);
        return cluster;
    }

    public NodeKey KeyOf(string id) => Keys[Addresses.ToList().FindIndex(a => a.Id == id)];

    /// <summary>Where <paramref name="id"/> listens (or will: absent nodes get a port reserved lazily).</summary>
    public IPEndPoint EndpointOf(string id) => _endpoints[id];

    /// <summary>Points every running node's link to <paramref name="id"/> at <paramref name="endpoint"/>, e.g. a
    /// fake server the test runs in that node's place.</summary>
    public void Impersonate(string id, IPEndPoint endpoint)
    {
        _endpoints[id] = endpoint;
        foreach (var (other, transport) in _running)
        {
            if (other != id)
            {
                transport.UsePeerEndpoint(id, endpoint);
            }
        }
    }

    /// <summary>Stops a node; its port stays reserved in the cluster's view for a later restart.</summary>
    public async Task StopAsync(string id)
    {
        var transport = _running[id];
        _running.Remove(id);
        await transport.DisposeAsync().ConfigureAwait(false);
        AssertNoWorkerFailed(transport);
    }

    /// <summary>A new process for <paramref name="id"/>: same key, same port, new incarnation.</summary>
    public async Task<Transport> StartNodeAsync(string id)
    {
        var transport = Create(id, _endpoints.GetValueOrDefault(id));
        foreach (var (peer, endpoint) in _endpoints)
        {
            if (peer != id)
            {
                transport.UsePeerEndpoint(peer, endpoint);
            }
        }
        if (!_endpoints.ContainsKey(id))
        {
            Impersonate(id, transport.LocalEndPoint);
        }
        await transport.StartAsync(CancellationToken.None).ConfigureAwait(false);
        return transport;
    }

    public async ValueTask DisposeAsync()
    {
        var transports = _running.Values.ToList();
        _running.Clear();
        await Task.WhenAll(transports.Select(t => t.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (var transport in transports)
        {
            AssertNoWorkerFailed(transport);
        }
    }

    /// <summary>Workers swallow what they cannot handle, so a bug would otherwise pass silently.</summary>
    private static void AssertNoWorkerFailed(Transport transport) =>
        Assert.That(transport.Counters.UnexpectedErrors, Is.Zero, $"unexpected errors in {transport.SelfId}'s workers");

    private Transport Create(string id, IPEndPoint? listenAt)
    {
        var options = _options(id);
        if (listenAt is not null)
        {
            options = new NetworkOptions
            {
                MaxFrameBytes = options.MaxFrameBytes,
                InboundPerPeer = options.InboundPerPeer,
                OutboundBytesPerPeer = options.OutboundBytesPerPeer,
                KeepAliveInterval = options.KeepAliveInterval,
                IdleTimeout = options.IdleTimeout,
                ReconnectMin = options.ReconnectMin,
                ReconnectMax = options.ReconnectMax,
                HandshakeTimeout = options.HandshakeTimeout,
                IdleAfter = options.IdleAfter,
                Time = options.Time,
                ListenOverride = listenAt,
            };
        }
        var transport = Transport.Create(id, KeyOf(id), Addresses, options);
        transport.Listen();
        _running[id] = transport;
        return transport;
    }

    private async Task WireAndStartAsync()
    {
        foreach (var (id, transport) in _running)
        {
            _endpoints[id] = transport.LocalEndPoint;
        }
        foreach (var (id, transport) in _running)
        {
            foreach (var (peer, endpoint) in _endpoints.Where(e => e.Key != id))
            {
                transport.UsePeerEndpoint(peer, endpoint);
            }
        }
        foreach (var transport in _running.Values)
        {
            await transport.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
