using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DumboFL.Runner.Fl;

/// <summary>What a <c>dumbofl fl</c> run leaves behind: <c>rounds.csv</c>, <c>accuracy.svg</c>, and its <c>--json</c> summary.</summary>
public static class FlOutputs
{
    public const string CsvFile = "rounds.csv";
    public const string PlotFile = "accuracy.svg";

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static void WriteFiles(FlResult result)
    {
        File.WriteAllText(Path.Combine(result.OutDirectory, CsvFile), Csv(result.Rounds));
        File.WriteAllText(Path.Combine(result.OutDirectory, PlotFile), Svg(result.Rounds));
    }

    public static string Csv(IReadOnlyList<FlRoundSummary> rounds)
    {
        var text = new StringBuilder("round,accuracy,loss,bytes_exchanged,chunks_rejected,requests_sent,pieces_accepted,train_ms,commit_ms,exchange_ms,aggregate_ms,participants,hashes_identical\n");
        foreach (var r in rounds)
        {
            text.Append(s_invariant, $"{r.Round},{r.Accuracy:0.####},{r.Loss:0.####},{r.BytesExchanged},{r.ChunksRejected},{r.RequestsSent},{r.PiecesAccepted},")
                .Append(s_invariant, $"{r.TrainMs:0.#},{r.CommitMs:0.#},{r.ExchangeMs:0.#},{r.AggregateMs:0.#},{string.Join(' ', r.Participants)},{(r.HashesIdentical ? "true" : "false")}\n");
        }
        return text.ToString();
    }

    /// <summary>Accuracy (left axis, 0–1) and loss (right axis, 0–max) per round, as a self-contained SVG.</summary>
    public static string Svg(IReadOnlyList<FlRoundSummary> rounds)
    {
        const double width = 640, height = 360, left = 60, right = 60, top = 30, bottom = 50;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var maxLoss = Math.Max(1e-9, rounds.Count == 0 ? 1 : rounds.Max(r => double.IsFinite(r.Loss) ? r.Loss : 0));
        var span = Math.Max(1, rounds.Count - 1);
        double X(int i) => left + (plotW * i / span);
        double YAcc(double a) => top + (plotH * (1 - Math.Clamp(a, 0, 1)));
        double YLoss(double l) => top + (plotH * (1 - Math.Clamp(l / maxLoss, 0, 1)));
        var svg = new StringBuilder();
        svg.Append(s_invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(s_invariant, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(s_invariant, $"<text x=\"{width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">DumboFL: test accuracy and loss of the global model per round</text>\n");
        svg.Append(s_invariant, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>\n");
        for (var tick = 0; tick <= 4; tick++)
        {
            var a = tick / 4.0;
            svg.Append(s_invariant, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{YAcc(a):0.#}\" y2=\"{YAcc(a):0.#}\" stroke=\"#eee\"/>")
                .Append(s_invariant, $"<text x=\"{left - 6}\" y=\"{YAcc(a) + 4:0.#}\" text-anchor=\"end\" fill=\"#1f77b4\">{a:0.00}</text>")
                .Append(s_invariant, $"<text x=\"{left + plotW + 6}\" y=\"{YAcc(a) + 4:0.#}\" fill=\"#d62728\">{maxLoss * a:0.00}</text>\n");
        }
        for (var i = 0; i < rounds.Count; i++)
        {
            svg.Append(s_invariant, $"<text x=\"{X(i):0.#}\" y=\"{top + plotH + 18}\" text-anchor=\"middle\">{rounds[i].Round}</text>\n");
        }
        svg.Append(s_invariant, $"<text x=\"{left + (plotW / 2)}\" y=\"{height - 12}\" text-anchor=\"middle\">round</text>\n");
        Line(svg, rounds.Select((r, i) => (X(i), YAcc(r.Accuracy))), "#1f77b4", "accuracy");
        Line(svg, rounds.Select((r, i) => (X(i), YLoss(r.Loss))), "#d62728", "loss");
        svg.Append(s_invariant, $"<text x=\"{left + 8}\" y=\"{top + 16}\" fill=\"#1f77b4\">accuracy (left)</text>")
            .Append(s_invariant, $"<text x=\"{left + 8}\" y=\"{top + 32}\" fill=\"#d62728\">loss (right)</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, string colour, string name)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return;
        }
        svg.Append(s_invariant, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', list.Select(p => string.Create(s_invariant, $"{p.X:0.#},{p.Y:0.#}")))}\"><title>{SecurityElement.Escape(name)}</title></polyline>\n");
        foreach (var (x, y) in list)
        {
            svg.Append(s_invariant, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3\" fill=\"{colour}\"/>\n");
        }
    }

    /// <summary>The <c>--json</c> object: <c>{"rounds":[{"round","accuracy","loss","global_model_hashes",…}],…}</c>.</summary>
    public static string Json(FlResult result)
    {
        var rounds = new JsonArray();
        foreach (var r in result.Rounds)
        {
            var hashes = new JsonObject();
            foreach (var (node, hash) in r.Hashes)
            {
                hashes[node] = hash;
            }
            rounds.Add(new JsonObject
            {
                ["round"] = r.Round,
                ["accuracy"] = r.Accuracy,
                ["loss"] = r.Loss,
                ["global_model_hashes"] = hashes,
                ["hashes_identical"] = r.HashesIdentical,
                ["bytes_exchanged"] = r.BytesExchanged,
                ["chunks_rejected"] = r.ChunksRejected,
                ["requests_sent"] = r.RequestsSent,
                ["pieces_accepted"] = r.PiecesAccepted,
                ["participants"] = new JsonArray([.. r.Participants.Select(p => (JsonNode)p)]),
                ["phase_ms"] = new JsonObject { ["train"] = r.TrainMs, ["commit"] = r.CommitMs, ["exchange"] = r.ExchangeMs, ["aggregate"] = r.AggregateMs },
            });
        }
        var swarm = new JsonObject();
        foreach (var (node, counters) in result.Swarm.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            swarm[node] = counters.DeepClone();
        }
        var settings = result.Options.Settings;
        var json = new JsonObject
        {
            ["passed"] = result.Passed,
            ["problems"] = new JsonArray([.. result.Problems.Select(p => (JsonNode)p)]),
            ["shards"] = result.Options.Shards,
            ["nodes"] = result.Options.Nodes,
            ["model"] = settings.Model,
            ["dataset"] = settings.Dataset,
            ["aggregator"] = FlSettingsFile.Name(settings.Aggregator),
            ["topology"] = settings.Topology.ToString().ToLowerInvariant(),
            ["chunk_size"] = settings.ChunkSize,
            ["corrupt_peers"] = new JsonArray([.. result.CorruptPeers.Select(p => (JsonNode)p)]),
            ["final_accuracy"] = result.Rounds.Count > 0 ? result.Rounds[^1].Accuracy : null,
            ["hashes_identical"] = result.Rounds.All(r => r.HashesIdentical),
            ["chunks_rejected"] = result.Rounds.Sum(r => r.ChunksRejected),
            ["seconds"] = result.Seconds,
            ["rounds"] = rounds,
            ["swarm"] = swarm,
            ["out"] = result.OutDirectory,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
