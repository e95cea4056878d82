using DumboFL.Network.Security;

namespace DumboFL.Network.Outbound;

/// <summary>What every outbound link of one node shares.</summary>
internal sealed class LinkContext(
    string selfId, ulong incarnation, NetworkOptions options, NetworkCounters counters, TlsIdentity tls)
{
    public string SelfId { get; } = selfId;

    /// <summary>This run of the node; receivers key their dedupe state by (sender, incarnation).</summary>
    public ulong Incarnation { get; } = incarnation;

    public NetworkOptions Options { get; } = options;

    public NetworkCounters Counters { get; } = counters;

    public TlsIdentity Tls { get; } = tls;

    /// <summary>Ping payload: a monotonic clock in nanoseconds, echoed back in the Pong.</summary>
    public long NowNanos() => (long)(Options.Time.GetTimestamp() * (1e9 / Options.Time.TimestampFrequency));
}
