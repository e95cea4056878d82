using System.Net;

namespace DumboFL.Network;

public sealed class NetworkOptions
{
    /// <summary>Largest frame body accepted or sent; checked on the length prefix before any buffer is rented.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Messages one peer may have waiting in the inbound queue before its connection stops being read.</summary>
    public int InboundPerPeer { get; init; } = 4096;

    /// <summary>Unacked + unsent bytes kept per peer; over it the oldest frames are dropped.</summary>
    public long OutboundBytesPerPeer { get; init; } = 256L * 1024 * 1024;

    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A connection on which nothing arrived for this long is considered dead and closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TCP connect + TLS handshake + Hello/HelloAck must finish within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An established link that sent no data for this long reports <see cref="LinkState.Idle"/>.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections still in TLS/Hello at once; more are closed at accept (a handshake flood costs CPU).</summary>
    public int MaxPendingHandshakes { get; init; } = 64;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where to listen instead of self's advertised host:port, e.g. 0.0.0.0 behind a published address.</summary>
    public IPEndPoint? ListenOverride { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, 64, nameof(MaxFrameBytes));
        // 1 GiB: far above any real frame, and low enough that prefix + body sizes never overflow an int.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFrameBytes, 1 << 30, nameof(MaxFrameBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(InboundPerPeer, 1, nameof(InboundPerPeer));
        ArgumentOutOfRangeException.ThrowIfLessThan(OutboundBytesPerPeer, 1, nameof(OutboundBytesPerPeer));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(KeepAliveInterval, TimeSpan.Zero, nameof(KeepAliveInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, KeepAliveInterval, nameof(IdleTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectMin, TimeSpan.Zero, nameof(ReconnectMin));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMax, ReconnectMin, nameof(ReconnectMax));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingHandshakes, 1, nameof(MaxPendingHandshakes));
        ArgumentNullException.ThrowIfNull(Time);
    }
}
