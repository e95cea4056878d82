using DumboFL.Network.Security;

namespace DumboFL.Network.Inbound;

/// <summary>What every inbound connection of one server shares.</summary>
internal sealed class InboundContext(
    NetworkOptions options,
    NetworkCounters counters,
    TlsIdentity tls,
    PeerTrust trust,
    InboundQueue inbound,
    IReadOnlyDictionary<string, ReceiverSession> sessions,
    IReadOnlyDictionary<string, PeerStats> stats)
{
    private int _pendingHandshakes;

    public NetworkOptions Options { get; } = options;

    public NetworkCounters Counters { get; } = counters;

    public TlsIdentity Tls { get; } = tls;

    public PeerTrust Trust { get; } = trust;

    public InboundQueue Inbound { get; } = inbound;

    public IReadOnlyDictionary<string, ReceiverSession> Sessions { get; } = sessions;

    public IReadOnlyDictionary<string, PeerStats> Stats { get; } = stats;

    /// <summary>False when too many connections are still in their handshake; the caller closes this one.</summary>
    public bool TryBeginHandshake()
    {
        if (Interlocked.Increment(ref _pendingHandshakes) <= Options.MaxPendingHandshakes)
        {
            return true;
        }
        Interlocked.Decrement(ref _pendingHandshakes);
        return false;
    }

    public void HandshakeEnded() => Interlocked.Decrement(ref _pendingHandshakes);
}
