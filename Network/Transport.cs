using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DumboFL.Core.Crypto;
using DumboFL.Network.Inbound;
using DumboFL.Network.Outbound;
using DumboFL.Network.Security;

namespace DumboFL.Network;

/// <summary>
/// The node's network: a server for the links peers open to it, a client with one link per peer, and the
/// inbound queue the node reads. See docs/NODE.md "Transport".
/// </summary>
public sealed partial class Transport : IAsyncDisposable
{
    private readonly PeerAddress _self;
    private readonly NetworkOptions _options;
    private readonly TlsIdentity _tls;
    private readonly NetworkServer _server;
    private readonly NetworkClient _client;
    private readonly FrozenDictionary<string, PeerLink> _links;
    private readonly FrozenDictionary<uint, PeerLink[]> _linksByShard;
    private readonly PeerLink[] _allLinks;
    private readonly FrozenDictionary<string, PeerStats> _stats;
    private int _started;
    private int _disposed;

    private Transport(PeerAddress self, NetworkOptions options, TlsIdentity tls, InboundQueue inbound,
        NetworkCounters counters, NetworkServer server, NetworkClient client,
        FrozenDictionary<string, PeerLink> links, FrozenDictionary<string, PeerStats> stats, ulong incarnation)
    {
        _self = self;
        _options = options;
        _tls = tls;
        Inbound = inbound;
        Counters = counters;
        _server = server;
        _client = client;
        _links = links;
        _stats = stats;
        Incarnation = incarnation;
        _allLinks = [.. links.Values.OrderBy(l => l.Peer.Id, StringComparer.Ordinal)];
        _linksByShard = _allLinks.GroupBy(l => l.Peer.Shard).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    public InboundQueue Inbound { get; }

    public NetworkCounters Counters { get; }

    public string SelfId => _self.Id;

    /// <summary>This run's incarnation, drawn at random (never 0) when the transport is created.</summary>
    public ulong Incarnation { get; }

    /// <summary>The bound listening endpoint; available once <see cref="StartAsync"/> has run.</summary>
    public IPEndPoint LocalEndPoint => _server.LocalEndPoint;

    public static Transport Create(string selfId, NodeKey key, IReadOnlyList<PeerAddress> everyone, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(everyone);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var self = CheckCluster(selfId, key, everyone);
        var peers = everyone.Where(p => p.Id != selfId).ToArray();
        var counters = new NetworkCounters();
        var trust = new PeerTrust(everyone);
        var tls = new TlsIdentity(key, selfId, trust, options.Time);
        var incarnation = DrawIncarnation();
        var inbound = new InboundQueue(options.InboundPerPeer);
        var stats = peers.ToFrozenDictionary(p => p.Id, _ => new PeerStats(), StringComparer.Ordinal);
        var sessions = peers.ToFrozenDictionary(p => p.Id, p => new ReceiverSession(p.Id), StringComparer.Ordinal);
        var server = new NetworkServer(new InboundContext(options, counters, tls, trust, inbound, sessions, stats));
        var linkContext = new LinkContext(selfId, incarnation, options, counters, tls);
        var links = peers.ToFrozenDictionary(p => p.Id, p => new PeerLink(p, linkContext, stats[p.Id]), StringComparer.Ordinal);
        var client = new NetworkClient(links);
        return new Transport(self, options, tls, inbound, counters, server, client, links, stats, incarnation);
    }

    /// <summary>Binds self's host:port (or <see cref="NetworkOptions.ListenOverride"/>), starts accepting,
    /// and starts every link dialling its peer. Messages sent before this wait in the links' queues.</summary>
    public Task StartAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Bind first: if the port is taken the caller sees the error and may call StartAsync again.
        Listen();
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return Task.CompletedTask;
        }
        _server.Start();
        _client.Start();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Links first: nothing new goes out while the server winds down its connections.
        await _client.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        _tls.Dispose();
    }

    /// <summary>Binds the listening socket now (idempotent); <see cref="StartAsync"/> calls it.</summary>
    internal void Listen()
    {
        if (!_server.IsListening)
        {
            _server.Listen(_options.ListenOverride ?? ResolveListenEndpoint(_self));
        }
    }

    private static IPEndPoint ResolveListenEndpoint(PeerAddress self)
    {
        if (IPAddress.TryParse(self.Host, out var address))
        {
            return new IPEndPoint(address, self.Port);
        }
        var addresses = Dns.GetHostAddresses(self.Host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                     ?? addresses.FirstOrDefault()
                     ?? throw new ArgumentException($"cannot resolve {self.Host}", nameof(self));
        return new IPEndPoint(chosen, self.Port);
    }

    private static PeerAddress CheckCluster(string selfId, NodeKey key, IReadOnlyList<PeerAddress> everyone)
    {
        var duplicateId = everyone.GroupBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateId is not null)
        {
            throw new ArgumentException($"node id {duplicateId.Key} appears twice", nameof(everyone));
        }
        var duplicateKey = everyone.GroupBy(p => p.Key.ToHex(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateKey is not null)
        {
            throw new ArgumentException($"nodes {string.Join(", ", duplicateKey.Select(p => p.Id))} share a key", nameof(everyone));
        }
        var self = everyone.FirstOrDefault(p => p.Id == selfId)
                   ?? throw new ArgumentException($"{selfId} is not in the cluster", nameof(selfId));
        if (!self.Key.Equals(key.PublicKey))
        {
            throw new ArgumentException($"the key given is not the one published for {selfId}", nameof(key));
        }
        return self;
    }

    private static ulong DrawIncarnation()
    {
        Span<byte> bytes = stackalloc byte[8];
        ulong value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        }
        while (value == 0);
        return value;
    }
}
