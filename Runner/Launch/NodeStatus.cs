using System.Text.Json;

namespace DumboFL.Runner.Launch;

/// <summary>The parts of a node's <c>GET /status</c> (docs/NODE.md) the launcher uses.</summary>
public sealed record NodeStatus
{
    /// <summary>Height of the ledger tip; null before the first block.</summary>
    public long? Height { get; init; }

    public long Epoch { get; init; }

    public long Pool { get; init; }

    public long CommittedEntries { get; init; }

    public bool Syncing { get; init; }

    public LatencyHistogram Latency { get; init; } = LatencyHistogram.Empty;

    /// <summary>The node's own p50 when it reports no histogram (milliseconds).</summary>
    public double? LatencyP50 { get; init; }

    public int PeersEstablished { get; init; }

    public static NodeStatus Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new NodeStatus
        {
            Height = Number(root, "height") is { } h && h >= 0 ? (long)h : null,
            Epoch = (long)(Number(root, "epoch") ?? 0),
            Pool = (long)(Number(root, "pool") ?? 0),
            CommittedEntries = (long)(Number(root, "committed_entries") ?? 0),
            Syncing = root.TryGetProperty("syncing", out var syncing) && syncing.ValueKind == JsonValueKind.True,
            Latency = Histogram(root),
            LatencyP50 = root.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Object
                ? Number(latency, "p50") : null,
            PeersEstablished = Peers(root),
        };
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static LatencyHistogram Histogram(JsonElement root)
    {
        if (!root.TryGetProperty("latency_histogram", out var histogram) || histogram.ValueKind != JsonValueKind.Object
            || !histogram.TryGetProperty("bounds_ms", out var bounds) || !histogram.TryGetProperty("counts", out var counts))
        {
            return LatencyHistogram.Empty;
        }
        return new LatencyHistogram(
            bounds.EnumerateArray().Select(b => b.GetDouble()).ToArray(),
            counts.EnumerateArray().Select(c => (long)c.GetDouble()).ToArray());
    }

    private static int Peers(JsonElement root) =>
        root.TryGetProperty("peers", out var peers) && peers.ValueKind == JsonValueKind.Array
            ? peers.EnumerateArray().Count(p => p.TryGetProperty("state", out var state)
                && string.Equals(state.GetString(), "ESTABLISHED", StringComparison.OrdinalIgnoreCase))
            : 0;
}
