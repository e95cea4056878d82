using System.Text.Json.Nodes;
using DumboFL.Learning.Rounds;
using DumboFL.Runner.Node;

namespace DumboFL.Runner.Fl;

/// <summary>The body of <c>GET /fl</c> (docs/LEARNING.md): where the node's FL client is, every finished round, the swarm's counters.</summary>
public static class FlStatusJson
{
    public static JsonObject Render(string node, FlWorker worker)
    {
        var driver = worker.Driver;
        var position = driver.Position;
        var rounds = new JsonArray();
        foreach (var result in driver.Results)
        {
            rounds.Add(Round(result));
        }
        var swarm = driver.Swarm;
        var refused = new JsonObject();
        foreach (var (reason, count) in worker.Refused.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            refused[reason] = count;
        }
        return new JsonObject
        {
            ["id"] = node,
            ["round"] = position.Round,
            ["phase"] = position.Phase.ToString().ToLowerInvariant(),
            ["finished"] = position.Phase == RoundPhase.Finished,
            ["failed"] = worker.Failed,
            ["local_examples"] = driver.LocalExamples,
            ["rounds"] = rounds,
            ["swarm"] = new JsonObject
            {
                ["bytes_sent"] = swarm.BytesSent,
                ["bytes_received"] = swarm.BytesReceived,
                ["pieces_received"] = swarm.PiecesReceived,
                ["pieces_accepted"] = swarm.PiecesAccepted,
                ["pieces_rejected"] = swarm.PiecesRejected,
                ["pieces_unwanted"] = swarm.PiecesUnwanted,
                ["requests_sent"] = swarm.RequestsSent,
                ["cancels_sent"] = swarm.CancelsSent,
                ["peers_banned"] = swarm.PeersBanned,
                ["messages_ignored"] = swarm.MessagesIgnored,
                ["messages_dropped"] = worker.DroppedSwarmMessages,
            },
            ["entries_submitted"] = worker.Submitted,
            ["entries_refused"] = refused,
        };
    }

    public static JsonObject Round(RoundResult result) => new()
    {
        ["round"] = result.Round,
        ["model_hash"] = result.ModelHash.ToHex(),
        ["accuracy"] = result.Accuracy,
        ["loss"] = result.Loss,
        ["participants"] = new JsonArray([.. result.Participants.Select(p => (JsonNode)p)]),
        ["weight"] = result.Weight,
        ["bytes_sent"] = result.BytesSent,
        ["bytes_received"] = result.BytesReceived,
        ["chunks_rejected"] = result.ChunksRejected,
        ["requests_sent"] = result.RequestsSent,
        ["pieces_accepted"] = result.PiecesAccepted,
        ["train_ms"] = result.TrainMs,
        ["commit_ms"] = result.CommitMs,
        ["exchange_ms"] = result.ExchangeMs,
        ["aggregate_ms"] = result.AggregateMs,
    };
}
