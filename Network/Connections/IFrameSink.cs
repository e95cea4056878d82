using DumboFL.Network.Wire;

namespace DumboFL.Network.Connections;

/// <summary>What a connection's read loop does with decoded frames: the server delivers, the client takes acks.</summary>
internal interface IFrameSink
{
    /// <summary>False when the frame is not legal in the connection's state (counted as malformed, closed).</summary>
    ValueTask<bool> OnFrameAsync(Frame frame, int wireBytes, CancellationToken ct);

    /// <summary>After every frame of one read was handled: the moment to send coalesced acks.</summary>
    ValueTask OnBatchEndAsync(CancellationToken ct);
}
