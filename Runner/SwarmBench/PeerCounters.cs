using DumboFL.Learning.Swarm;

namespace DumboFL.Runner.SwarmBench;

/// <summary>A copy of one engine's <see cref="SwarmCounters"/> at one moment, as a swarm peer reports them to the launcher.</summary>
public sealed record PeerCounters(long RequestsSent, long PiecesReceived, long PiecesAccepted, long PiecesUnwanted, long PiecesRejected,
    long CancelsSent, long BytesSent, long BytesReceived, long MessagesIgnored)
{
    public static PeerCounters Of(SwarmCounters counters) => new(counters.RequestsSent, counters.PiecesReceived, counters.PiecesAccepted,
        counters.PiecesUnwanted, counters.PiecesRejected, counters.CancelsSent, counters.BytesSent, counters.BytesReceived, counters.MessagesIgnored);

    /// <summary>What happened between <paramref name="earlier"/> and this copy.</summary>
    public PeerCounters Since(PeerCounters earlier) => new(RequestsSent - earlier.RequestsSent, PiecesReceived - earlier.PiecesReceived,
        PiecesAccepted - earlier.PiecesAccepted, PiecesUnwanted - earlier.PiecesUnwanted, PiecesRejected - earlier.PiecesRejected,
        CancelsSent - earlier.CancelsSent, BytesSent - earlier.BytesSent, BytesReceived - earlier.BytesReceived,
        MessagesIgnored - earlier.MessagesIgnored);

    /// <summary>The fields by their names in the report line and the JSON summary.</summary>
    public IEnumerable<(string Name, long Value)> Fields() =>
    [
        ("requests_sent", RequestsSent), ("pieces_received", PiecesReceived), ("pieces_accepted", PiecesAccepted),
        ("pieces_unwanted", PiecesUnwanted), ("pieces_rejected", PiecesRejected), ("cancels_sent", CancelsSent),
        ("bytes_sent", BytesSent), ("bytes_received", BytesReceived), ("messages_ignored", MessagesIgnored),
    ];

    public static PeerCounters From(Func<string, long> number) => new(
        number("requests_sent"), number("pieces_received"), number("pieces_accepted"), number("pieces_unwanted"),
        number("pieces_rejected"), number("cancels_sent"), number("bytes_sent"), number("bytes_received"), number("messages_ignored"));
}
