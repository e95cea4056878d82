using DumboFL.Core.Hashing;

namespace DumboFL.Learning.Rounds;

/// <summary>
/// One finished round at one node: the global model it computed (the same bytes at every honest node of the shard), its
/// test accuracy and loss, which updates it combined, and what the round cost this node.
/// </summary>
public sealed record RoundResult
{
    public required ulong Round { get; init; }

    public required Hash32 ModelHash { get; init; }

    public required double Accuracy { get; init; }

    public required double Loss { get; init; }

    /// <summary>The cut: clients whose updates were aggregated, in ordinal order.</summary>
    public required IReadOnlyList<string> Participants { get; init; }

    /// <summary>Total samples of the participants (the committed aggregate's weight).</summary>
    public required ulong Weight { get; init; }

    /// <summary>Swarm payload bytes this node sent and received during the round.</summary>
    public required long BytesSent { get; init; }

    public required long BytesReceived { get; init; }

    /// <summary>Chunks this node received that failed their committed hash during the round.</summary>
    public required long ChunksRejected { get; init; }

    public required long RequestsSent { get; init; }

    public required long PiecesAccepted { get; init; }

    /// <summary>Local training, submission until the own update was committed, exchange until the cut was held, aggregation.</summary>
    public required double TrainMs { get; init; }

    public required double CommitMs { get; init; }

    public required double ExchangeMs { get; init; }

    public required double AggregateMs { get; init; }
}
