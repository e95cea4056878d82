namespace DumboFL.Network;

/// <summary>
/// One peer's link as seen from this node. Out/queued figures are about this node's link to the peer,
/// In figures about the peer's link to this node. <paramref name="MessagesOut"/> counts data frames
/// written, resends included.
/// </summary>
public sealed record LinkStats(
    string Peer,
    LinkState State,
    long BytesOut,
    long BytesIn,
    long MessagesOut,
    long MessagesIn,
    double? RttMs,
    int Reconnects,
    int Queued,
    long QueuedBytes,
    long Dropped);
