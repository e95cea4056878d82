namespace DumboFL.Learning.Swarm;

/// <summary>
/// What one swarm engine did, for metrics and for tests that check efficiency (requests per chunk) and defence
/// (rejected pieces, bans). Only the engine writes them; it runs on one thread, so plain fields suffice.
/// </summary>
public sealed class SwarmCounters
{
    /// <summary>Piece payload bytes served.</summary>
    public long BytesSent { get; internal set; }

    /// <summary>Piece payload bytes received from neighbours, wanted or not.</summary>
    public long BytesReceived { get; internal set; }

    public long PiecesReceived { get; internal set; }

    /// <summary>Pieces that matched their committed hash and were stored.</summary>
    public long PiecesAccepted { get; internal set; }

    /// <summary>Requested pieces that failed the committed hash (or its size): dropped, the sender penalised.</summary>
    public long PiecesRejected { get; internal set; }

    /// <summary>Pieces not requested from their sender, duplicates, or late: dropped, never stored.</summary>
    public long PiecesUnwanted { get; internal set; }

    public long RequestsSent { get; internal set; }

    public long CancelsSent { get; internal set; }

    public long PeersBanned { get; internal set; }

    /// <summary>Messages dropped: from strangers or banned peers, malformed, out of range, stale, or not allowed now.</summary>
    public long MessagesIgnored { get; internal set; }
}
