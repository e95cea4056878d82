namespace DumboFL.Network;

/// <summary>
/// Mutable per-peer figures behind <see cref="LinkStats"/>: written by that peer's outbound link (out,
/// RTT, state) and by its inbound connection (in), read by <see cref="Transport.Links"/> from any thread.
/// </summary>
internal sealed class PeerStats
{
    private long _bytesOut;
    private long _bytesIn;
    private long _messagesOut;
    private long _messagesIn;
    private long _rttTicks = -1;
    private int _reconnects;
    private int _state = (int)LinkState.Connecting;
    private long _lastDataSent;

    public long BytesOut => Volatile.Read(ref _bytesOut);

    public long BytesIn => Volatile.Read(ref _bytesIn);

    public long MessagesOut => Volatile.Read(ref _messagesOut);

    public long MessagesIn => Volatile.Read(ref _messagesIn);

    public int Reconnects => Volatile.Read(ref _reconnects);

    public LinkState State => (LinkState)Volatile.Read(ref _state);

    /// <summary>Timestamp (TimeProvider) of the last data frame written, or of the connection if none yet.</summary>
    public long LastDataSent => Volatile.Read(ref _lastDataSent);

    public double? RttMs => Volatile.Read(ref _rttTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks).TotalMilliseconds : null;

    public void Sent(long bytes, long dataFrames, long timestamp)
    {
        Interlocked.Add(ref _bytesOut, bytes);
        if (dataFrames > 0)
        {
            Interlocked.Add(ref _messagesOut, dataFrames);
            Volatile.Write(ref _lastDataSent, timestamp);
        }
    }

    public void Received(long bytes) => Interlocked.Add(ref _bytesIn, bytes);

    public void Delivered() => Interlocked.Increment(ref _messagesIn);

    public void Rtt(TimeSpan rtt) => Volatile.Write(ref _rttTicks, Math.Max(0, rtt.Ticks));

    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    public void SetState(LinkState state, long timestamp)
    {
        if (state == LinkState.Established)
        {
            Volatile.Write(ref _lastDataSent, timestamp);
        }
        Volatile.Write(ref _state, (int)state);
    }
}
