namespace DumboFL.Learning.Swarm;

/// <summary>
/// The swarm's knobs (ARCHITECTURE.md §9). The defaults follow BitTorrent practice scaled to FL updates: a few upload
/// slots chosen by reciprocity plus one optimistic slot so newcomers can start, deep byte-based pipelines because a
/// round's updates are wanted all at once, and a small ban threshold because a wrong chunk is never an accident.
/// </summary>
public sealed record SwarmOptions
{
    /// <summary>Peers unchoked at once: UploadSlots − 1 by download rate from them (reciprocity), plus one optimistic.</summary>
    public int UploadSlots { get; init; } = 4;

    public TimeSpan ChokeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The optimistic unchoke moves to another peer every this many choke intervals.</summary>
    public int OptimisticEvery { get; init; } = 3;

    /// <summary>Pipelining by bytes: requests stop while this much is outstanding at one peer (one request always may go).</summary>
    public long MaxBytesInFlightPerPeer { get; init; } = 4L << 20;

    public int MaxRequestsPerChunkInEndGame { get; init; } = 2;

    /// <summary>A request unanswered this long is withdrawn and its chunk asked of another peer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pieces failing their committed hash before the sender is banned.</summary>
    public int BanAfterFailures { get; init; } = 3;

    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Newly stored chunks announced in one HAVE; fewer go out when the outbox is taken.</summary>
    public int HaveBatch { get; init; } = 64;

    /// <summary>
    /// How often the engine repeats its state to every neighbour (choke, interest, a bitfield of every tracked update
    /// it holds chunks of). Each is otherwise sent once, when it changes; a peer that lost one (its queue over quota, a
    /// frame dropped after a long disconnection) would wait forever. Zero: never.
    /// </summary>
    public TimeSpan StateRefreshInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Seeds every random choice (tie-breaks, optimistic unchoke), mixed with the node id so nodes differ.</summary>
    public int Seed { get; init; }

    /// <summary>Fault injection: flip a byte of every piece this node serves (tests, <c>dumbofl fl --corrupt-peers</c>).</summary>
    public bool CorruptServedPieces { get; init; }
}
