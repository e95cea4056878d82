using System.Globalization;
using System.Text;

namespace DumboFL.Runner.Node;

/// <summary>The body of <c>GET /metrics</c>: Prometheus text exposition format 0.0.4.</summary>
public static class MetricsText
{
    public static string Render(NodeRuntime runtime, NodeStatus status)
    {
        var text = new StringBuilder(4096);
        var node = $"node=\"{runtime.Id}\"";
        Gauge(text, "dumbofl_height", "Latest block height (-1 while empty)", node, status.Height is { } h ? (double)h : -1);
        Gauge(text, "dumbofl_epoch", "Current consensus epoch", node, status.Epoch);
        Counter(text, "dumbofl_epochs_committed_total", "Epochs committed by consensus", node, status.EpochsCommitted);
        Counter(text, "dumbofl_committed_entries_total", "Entries committed into blocks", node, status.CommittedEntries);
        Counter(text, "dumbofl_committed_blocks_total", "Blocks committed", node, status.CommittedBlocks);
        Counter(text, "dumbofl_synced_blocks_total", "Blocks fetched from peers and verified", node, status.SyncedBlocks);
        Gauge(text, "dumbofl_pool_entries", "Pending entries", node, status.Pool);
        Gauge(text, "dumbofl_syncing", "1 while the node is not running consensus", node, status.Syncing ? 1 : 0);
        Gauge(text, "dumbofl_core_queue_depth", "Events waiting for the core loop", node, runtime.CoreDepth());
        Gauge(text, "dumbofl_inbound_queue_depth", "Messages waiting in the inbound queue", node, runtime.Transport.Inbound.Count);
        Counter(text, "dumbofl_api_bad_requests_total", "API requests refused as malformed", node, runtime.BadRequests);
        Counter(text, "dumbofl_inbound_malformed_total", "Peer messages that did not decode", node, runtime.Decoder.Malformed);
        Counter(text, "dumbofl_inbound_foreign_total", "Peer messages from outside the shard", node, runtime.Decoder.Foreign);
        Labelled(text, "dumbofl_purged_total", "Entries purged as invalid, by reason", "counter", node, "reason", status.Purged);
        Labelled(text, "dumbofl_refused_total", "Entries refused at submission, by reason", "counter", node, "reason", status.Refused);
        Labelled(text, "dumbofl_faults_total", "Protocol faults recorded against peers, by kind", "counter", node, "kind", status.Faults);
        Labelled(text, "dumbofl_network_total", "Transport counters", "counter", node, "counter", runtime.Transport.Counters.Snapshot());
        Header(text, "dumbofl_core_seconds_total", "Core-thread time by part (apply = ledger decode, validation, Merkle and SQLite)", "counter");
        foreach (var (part, seconds) in runtime.NodeCore.Profile.Seconds())
        {
            Sample(text, "dumbofl_core_seconds_total", $"{node},part=\"{part}\"", seconds);
        }
        Links(text, runtime, node);
        Latency(text, runtime, node);
        return text.ToString();
    }

    private static void Links(StringBuilder text, NodeRuntime runtime, string node)
    {
        var links = runtime.Transport.Links();
        Header(text, "dumbofl_link_bytes_total", "Bytes per link and direction", "counter");
        foreach (var link in links)
        {
            Sample(text, "dumbofl_link_bytes_total", $"{node},peer=\"{link.Peer}\",direction=\"out\"", link.BytesOut);
            Sample(text, "dumbofl_link_bytes_total", $"{node},peer=\"{link.Peer}\",direction=\"in\"", link.BytesIn);
        }
        Header(text, "dumbofl_link_queued_frames", "Frames queued or unacknowledged per link", "gauge");
        foreach (var link in links)
        {
            Sample(text, "dumbofl_link_queued_frames", $"{node},peer=\"{link.Peer}\"", link.Queued);
        }
        Header(text, "dumbofl_link_rtt_ms", "Last keep-alive round trip per link", "gauge");
        foreach (var link in links.Where(l => l.RttMs is not null))
        {
            Sample(text, "dumbofl_link_rtt_ms", $"{node},peer=\"{link.Peer}\"", link.RttMs!.Value);
        }
    }

    private static void Latency(StringBuilder text, NodeRuntime runtime, string node)
    {
        const string name = "dumbofl_commit_latency_ms";
        Header(text, name, "From API arrival to commit at this node", "histogram");
        var counts = runtime.NodeCore.Latency.Snapshot();
        var bounds = LatencyHistogram.Bounds;
        long cumulative = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            cumulative += counts[i];
            Sample(text, name + "_bucket", $"{node},le=\"{bounds[i].ToString(CultureInfo.InvariantCulture)}\"", cumulative);
        }
        cumulative += counts[^1];
        Sample(text, name + "_bucket", $"{node},le=\"+Inf\"", cumulative);
        Sample(text, name + "_count", node, cumulative);
    }

    private static void Gauge(StringBuilder text, string name, string help, string labels, double value)
    {
        Header(text, name, help, "gauge");
        Sample(text, name, labels, value);
    }

    private static void Counter(StringBuilder text, string name, string help, string labels, double value)
    {
        Header(text, name, help, "counter");
        Sample(text, name, labels, value);
    }

    private static void Labelled(StringBuilder text, string name, string help, string type, string labels, string key, IReadOnlyDictionary<string, long> values)
    {
        Header(text, name, help, type);
        foreach (var (label, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            Sample(text, name, $"{labels},{key}=\"{label}\"", value);
        }
    }

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
