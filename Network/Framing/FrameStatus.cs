namespace DumboFL.Network.Framing;

internal enum FrameStatus
{
    /// <summary>Not enough bytes yet for the prefix or the body; nothing consumed.</summary>
    Incomplete,
    Complete,

    /// <summary>A zero length prefix: no frame is empty (every Frame has its oneof set).</summary>
    Empty,

    /// <summary>The prefix announces more than the allowed maximum; decided on the 4 prefix bytes alone.</summary>
    Oversize,
}
