using System.Text.Json.Nodes;

namespace DumboFL.Runner.Fl;

/// <summary>One node's view of one finished round, as its <c>GET /fl</c> reported it.</summary>
public sealed record NodeRound(string Node, ulong Round, string ModelHash, double Accuracy, double Loss, IReadOnlyList<string> Participants,
    long BytesReceived, long BytesSent, long ChunksRejected, long RequestsSent, long PiecesAccepted, double TrainMs, double CommitMs, double ExchangeMs, double AggregateMs)
{
    public static NodeRound Parse(string node, JsonNode round) => new(
        node,
        round["round"]!.GetValue<ulong>(),
        round["model_hash"]!.GetValue<string>(),
        round["accuracy"]!.GetValue<double>(),
        round["loss"]!.GetValue<double>(),
        [.. round["participants"]!.AsArray().Select(p => p!.GetValue<string>())],
        round["bytes_received"]!.GetValue<long>(),
        round["bytes_sent"]!.GetValue<long>(),
        round["chunks_rejected"]!.GetValue<long>(),
        round["requests_sent"]!.GetValue<long>(),
        round["pieces_accepted"]!.GetValue<long>(),
        round["train_ms"]!.GetValue<double>(),
        round["commit_ms"]!.GetValue<double>(),
        round["exchange_ms"]!.GetValue<double>(),
        round["aggregate_ms"]!.GetValue<double>());
}

/// <summary>
/// A round over the whole cluster: every node's model hash, and the figures the CLI reports — accuracy and loss of the
/// honest nodes' model (identical at every honest node of a shard, so one shard's first honest node speaks for it; with
/// several shards, the mean over shards), swarm bytes and rejected chunks summed over nodes, phase times as medians.
/// </summary>
public sealed record FlRoundSummary(ulong Round, IReadOnlyDictionary<string, string> Hashes, double Accuracy, double Loss,
    long BytesExchanged, long ChunksRejected, long RequestsSent, long PiecesAccepted, double TrainMs, double CommitMs, double ExchangeMs,
    double AggregateMs, IReadOnlyList<string> Participants, bool HashesIdentical, int NodesDone)
{
    /// <param name="shardOf">A node's shard.</param>
    /// <param name="honest">Whether a node is honest (not a fault-injected one): only honest nodes must agree.</param>
    public static FlRoundSummary Of(ulong round, IReadOnlyList<NodeRound> views, Func<string, uint> shardOf, Func<string, bool> honest)
    {
        var honestViews = views.Where(v => honest(v.Node)).ToList();
        var byShard = honestViews.GroupBy(v => shardOf(v.Node)).ToList();
        var identical = byShard.All(g => g.Select(v => v.ModelHash).Distinct(StringComparer.Ordinal).Count() == 1);
        var firsts = byShard.Select(g => g.OrderBy(v => v.Node, StringComparer.Ordinal).First()).ToList();
        return new FlRoundSummary(
            round,
            views.OrderBy(v => v.Node, StringComparer.Ordinal).ToDictionary(v => v.Node, v => v.ModelHash, StringComparer.Ordinal),
            firsts.Count > 0 ? firsts.Average(v => v.Accuracy) : double.NaN,
            firsts.Count > 0 ? firsts.Average(v => v.Loss) : double.NaN,
            views.Sum(v => v.BytesReceived),
            views.Sum(v => v.ChunksRejected),
            views.Sum(v => v.RequestsSent),
            views.Sum(v => v.PiecesAccepted),
            Median(views.Select(v => v.TrainMs)),
            Median(views.Select(v => v.CommitMs)),
            Median(views.Select(v => v.ExchangeMs)),
            Median(views.Select(v => v.AggregateMs)),
            [.. firsts.SelectMany(v => v.Participants).Order(StringComparer.Ordinal)],
            identical,
            views.Count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
