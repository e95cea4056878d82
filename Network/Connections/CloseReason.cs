namespace DumboFL.Network.Connections;

/// <summary>Why a connection's read side ended; the read loop has already counted it where it counts.</summary>
internal enum CloseReason
{
    PeerClosed,
    Oversize,
    Malformed,
    Aborted,
}
