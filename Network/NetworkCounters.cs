namespace DumboFL.Network;

/// <summary>Process-wide transport counters; every one only ever grows. Safe to read from any thread.</summary>
public sealed class NetworkCounters
{
    private long _framesMalformed;
    private long _framesOversize;
    private long _handshakesRejected;
    private long _connectionsAccepted;
    private long _connectionsEstablished;
    private long _connectFailures;
    private long _idleTimeouts;
    private long _framesDropped;
    private long _framesResent;
    private long _duplicatesDropped;
    private long _unexpectedErrors;

    /// <summary>Undecodable frames, zero-length frames and frames illegal in the connection's state.</summary>
    public long FramesMalformed => Volatile.Read(ref _framesMalformed);

    /// <summary>Length prefixes over <see cref="NetworkOptions.MaxFrameBytes"/> (the body was never read).</summary>
    public long FramesOversize => Volatile.Read(ref _framesOversize);

    /// <summary>Failed TLS handshakes (either side), wrong keys, bad or late Hello, handshake floods.</summary>
    public long HandshakesRejected => Volatile.Read(ref _handshakesRejected);

    /// <summary>TCP connections accepted by the server, before any check.</summary>
    public long ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>Outbound links that completed Hello/HelloAck.</summary>
    public long ConnectionsEstablished => Volatile.Read(ref _connectionsEstablished);

    /// <summary>Outbound connection attempts that failed (refused, timed out, rejected).</summary>
    public long ConnectFailures => Volatile.Read(ref _connectFailures);

    /// <summary>Connections closed because nothing arrived for <see cref="NetworkOptions.IdleTimeout"/>.</summary>
    public long IdleTimeouts => Volatile.Read(ref _idleTimeouts);

    /// <summary>Outbound frames dropped (oldest first) because a peer's queue went over its byte cap.</summary>
    public long FramesDropped => Volatile.Read(ref _framesDropped);

    /// <summary>Data frames sent again after a reconnect because they had not been acked.</summary>
    public long FramesResent => Volatile.Read(ref _framesResent);

    /// <summary>Received data frames already delivered (a resend), dropped by the receiver.</summary>
    public long DuplicatesDropped => Volatile.Read(ref _duplicatesDropped);

    /// <summary>Exceptions a worker caught that are not network events (bugs); expected to stay 0.</summary>
    public long UnexpectedErrors => Volatile.Read(ref _unexpectedErrors);

    /// <summary>All counters under snake_case names, for status and metrics.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>
    {
        ["frames_malformed"] = FramesMalformed,
        ["frames_oversize"] = FramesOversize,
        ["handshakes_rejected"] = HandshakesRejected,
        ["connections_accepted"] = ConnectionsAccepted,
        ["connections_established"] = ConnectionsEstablished,
        ["connect_failures"] = ConnectFailures,
        ["idle_timeouts"] = IdleTimeouts,
        ["frames_dropped"] = FramesDropped,
        ["frames_resent"] = FramesResent,
        ["duplicates_dropped"] = DuplicatesDropped,
        ["unexpected_errors"] = UnexpectedErrors,
    };

    internal void FrameMalformed() => Interlocked.Increment(ref _framesMalformed);

    internal void FrameOversize() => Interlocked.Increment(ref _framesOversize);

    internal void HandshakeRejected() => Interlocked.Increment(ref _handshakesRejected);

    internal void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);

    internal void ConnectionEstablished() => Interlocked.Increment(ref _connectionsEstablished);

    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);

    internal void IdleTimeout() => Interlocked.Increment(ref _idleTimeouts);

    internal void FramesDroppedBy(long count) => Interlocked.Add(ref _framesDropped, count);

    internal void FramesResentBy(long count) => Interlocked.Add(ref _framesResent, count);

    internal void DuplicateDropped() => Interlocked.Increment(ref _duplicatesDropped);

    internal void UnexpectedError() => Interlocked.Increment(ref _unexpectedErrors);
}
