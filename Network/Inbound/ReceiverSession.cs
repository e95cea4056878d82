namespace DumboFL.Network.Inbound;

/// <summary>
/// What this node remembers about one sender's link to it (docs/NODE.md "Transport"): the sender's
/// incarnation and the last sequence number delivered from it. At most one connection per sender owns the
/// session at a time: a new connection takes over only after the previous one's read loop has ended, so no
/// two loops ever deliver from the same sender and the HelloAck's number is final.
/// </summary>
internal sealed class ReceiverSession(string peerId)
{
    private InboundConnection? _active;
    private ulong _lastDelivered;

    public string PeerId { get; } = peerId;

    /// <summary>Serializes takeovers (TLS-authenticated Hellos) for this sender.</summary>
    public SemaphoreSlim Handover { get; } = new(1, 1);

    /// <summary>0 until a first Hello; incarnations are drawn non-zero.</summary>
    public ulong Incarnation { get; private set; }

    public ulong LastDelivered => Volatile.Read(ref _lastDelivered);

    public InboundConnection? Active => Volatile.Read(ref _active);

    /// <summary>Call holding <see cref="Handover"/>, after the previous owner ended. A new incarnation of the
    /// sender starts counting again; state of its earlier run is no longer needed.</summary>
    public void TakeOver(InboundConnection connection, ulong incarnation)
    {
        if (incarnation != Incarnation)
        {
            Incarnation = incarnation;
            Volatile.Write(ref _lastDelivered, 0);
        }
        Volatile.Write(ref _active, connection);
    }

    /// <summary>Only the owning connection's read loop delivers, so a plain write is enough.</summary>
    public void MarkDelivered(ulong seq) => Volatile.Write(ref _lastDelivered, seq);

    /// <summary>Called by a connection as it ends; a newer owner is left in place.</summary>
    public void Release(InboundConnection connection) => Interlocked.CompareExchange(ref _active, null, connection);
}
