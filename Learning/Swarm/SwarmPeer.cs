using DumboFL.Core.Hashing;
using DumboFL.Learning.Chunks;

namespace DumboFL.Learning.Swarm;

/// <summary>Everything one swarm engine knows about one neighbour: both directions of choking and interest, its availability, our requests to it and its requests to us.</summary>
internal sealed class SwarmPeer(string id, long now)
{
    public string Id { get; } = id;

    public bool Banned { get; set; }

    /// <summary>Pieces from it that failed their committed hash.</summary>
    public int Failures { get; set; }

    /// <summary>We do not serve it (every peer starts choked, as in BitTorrent).</summary>
    public bool AmChoking { get; set; } = true;

    /// <summary>What we last told it about our interest.</summary>
    public bool AmInterested { get; set; }

    /// <summary>It does not serve us.</summary>
    public bool PeerChoking { get; set; } = true;

    public bool PeerInterested { get; set; }

    /// <summary>The round of the last handshake we sent it.</summary>
    public ulong? GreetedRound { get; set; }

    public long LastSent { get; set; } = now;

    /// <summary>Which chunks it holds, of the updates we track.</summary>
    public Dictionary<(ulong Round, string Client), Bitfield> Has { get; } = [];

    /// <summary>Which chunks it holds of updates we do not track yet (our ledger lags); bounded by <see cref="RememberedSpan"/>.</summary>
    public Dictionary<(ulong Round, string Client), RememberedAvailability> Remembered { get; } = [];

    /// <summary>Bits reserved by <see cref="Remembered"/>, the memory it may take.</summary>
    public long RememberedSpan { get; set; }

    /// <summary>The update roots it announced in handshakes.</summary>
    public Dictionary<(ulong Round, string Client), Hash32> Roots { get; } = [];

    /// <summary>Updates whose root it announced differently from ours: its availability for them is ignored.</summary>
    public HashSet<(ulong Round, string Client)> Disagrees { get; } = [];

    /// <summary>Our outstanding requests to it: when sent and the chunk's size.</summary>
    public Dictionary<ChunkKey, (long SentAt, int Size)> Requests { get; } = [];

    public long BytesInFlight { get; set; }

    /// <summary>Chunks that timed out at it, not to be asked of it again before the timestamp.</summary>
    public Dictionary<ChunkKey, long> Avoid { get; } = [];

    /// <summary>Its requests we accepted and have not yet turned into pieces (bytes are read only when the outbox is taken).</summary>
    public Dictionary<ChunkKey, PendingServe> Queued { get; } = [];

    /// <summary>Piece bytes received from it since the last choke round.</summary>
    public long ReceivedThisInterval { get; set; }

    /// <summary>Recent download rate from it: halves every choke round, plus what came in during the round.</summary>
    public long Rate { get; set; }
}

/// <summary>Availability of an update not tracked yet, with the bits it may take (its chunk count or highest index + 1).</summary>
internal sealed class RememberedAvailability(Bitfield bits, int span)
{
    public Bitfield Bits { get; } = bits;

    public int Span { get; set; } = span;
}

/// <summary>A request we will answer when the outbox is taken, unless cancelled before.</summary>
internal sealed class PendingServe(string peer, ChunkKey chunk)
{
    public string Peer { get; } = peer;

    public ChunkKey Chunk { get; } = chunk;

    public bool Cancelled { get; set; }
}
