using System.Text.Json;
using System.Text.Json.Nodes;
using DumboFL.Learning.Aggregation;
using DumboFL.Learning.Rounds;
using DumboFL.Learning.Swarm;

namespace DumboFL.Runner.Fl;

/// <summary>
/// <c>fl.json</c>: the experiment every node of a <c>dumbofl fl</c> run reads (<c>dumbofl node --fl PATH</c>). Snake-case
/// keys; anything missing takes its default; anything malformed is refused with the key named.
/// </summary>
public static class FlSettingsFile
{
    public static void Write(string path, FlSettings settings)
    {
        var json = new JsonObject
        {
            ["rounds"] = settings.Rounds,
            ["model"] = settings.Model,
            ["hidden"] = settings.Hidden,
            ["dataset"] = settings.Dataset,
            ["alpha"] = settings.Alpha,
            ["seed"] = settings.Seed,
            ["noise"] = settings.Noise,
            ["epochs"] = settings.Epochs,
            ["batch_size"] = settings.BatchSize,
            ["learning_rate"] = settings.LearningRate,
            ["chunk_size"] = settings.ChunkSize,
            ["aggregator"] = Name(settings.Aggregator),
            ["vouch_grace_ms"] = settings.VouchGraceMs,
            ["topology"] = settings.Topology.ToString().ToLowerInvariant(),
            ["degree"] = settings.Degree,
            ["edge_file"] = settings.EdgeFile,
            ["corrupt_peers"] = new JsonArray([.. settings.CorruptPeers.Select(p => (JsonNode)p)]),
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <exception cref="InvalidDataException">The file is missing, not JSON, or a value is of the wrong type or out of range.</exception>
    public static FlSettings Load(string path)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        var defaults = new FlSettings();
        try
        {
            return new FlSettings
            {
                Rounds = Int(json, "rounds", defaults.Rounds, 1),
                Model = Text(json, "model") ?? defaults.Model,
                Hidden = Int(json, "hidden", defaults.Hidden, 1),
                Dataset = Text(json, "dataset") ?? defaults.Dataset,
                Alpha = json["alpha"]?.GetValue<double>() ?? defaults.Alpha,
                Seed = Int(json, "seed", defaults.Seed, int.MinValue),
                Noise = json["noise"]?.GetValue<double>() ?? defaults.Noise,
                Epochs = Int(json, "epochs", defaults.Epochs, 1),
                BatchSize = Int(json, "batch_size", defaults.BatchSize, 1),
                LearningRate = json["learning_rate"]?.GetValue<float>() ?? defaults.LearningRate,
                ChunkSize = Int(json, "chunk_size", defaults.ChunkSize, 1),
                Aggregator = ParseAggregator(Text(json, "aggregator") ?? "fedavg"),
                VouchGraceMs = Int(json, "vouch_grace_ms", defaults.VouchGraceMs, 0),
                Topology = ParseTopology(Text(json, "topology") ?? "mesh"),
                Degree = Int(json, "degree", defaults.Degree, 1),
                EdgeFile = Text(json, "edge_file"),
                CorruptPeers = json["corrupt_peers"] is JsonArray peers ? [.. peers.Select(p => p!.GetValue<string>())] : [],
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static string Name(AggregatorKind kind) => kind switch
    {
        AggregatorKind.FedAvg => "fedavg",
        AggregatorKind.Median => "median",
        AggregatorKind.TrimmedMean => "trimmed",
        AggregatorKind.Krum => "krum",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static AggregatorKind ParseAggregator(string name) => name switch
    {
        "fedavg" => AggregatorKind.FedAvg,
        "median" => AggregatorKind.Median,
        "trimmed" => AggregatorKind.TrimmedMean,
        "krum" => AggregatorKind.Krum,
        _ => throw new ArgumentException($"unknown aggregator '{name}' (fedavg, median, trimmed, krum)"),
    };

    public static TopologyKind ParseTopology(string name) =>
        Enum.TryParse<TopologyKind>(name, ignoreCase: true, out var kind) && !int.TryParse(name, out _)
            ? kind
            : throw new ArgumentException($"unknown topology '{name}' (star, ring, tree, mesh, full, custom)");

    private static string? Text(JsonObject json, string key) => json[key]?.GetValue<string>();

    private static int Int(JsonObject json, string key, int fallback, int min)
    {
        var value = json[key]?.GetValue<int>() ?? fallback;
        return value >= min ? value : throw new ArgumentException($"'{key}' must be at least {min}, not {value}");
    }
}
