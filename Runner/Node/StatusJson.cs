using System.Text.Json.Nodes;
using DumboFL.Ledger.Storage;

namespace DumboFL.Runner.Node;

/// <summary>The body of <c>GET /status</c> (docs/NODE.md).</summary>
public static class StatusJson
{
    public static JsonObject Render(NodeRuntime runtime, NodeStatus status)
    {
        var peers = new JsonArray();
        foreach (var link in runtime.Transport.Links())
        {
            peers.Add(new JsonObject
            {
                ["id"] = link.Peer,
                ["state"] = link.State.ToString().ToUpperInvariant(),
                ["bytes_out"] = link.BytesOut,
                ["bytes_in"] = link.BytesIn,
                ["messages_out"] = link.MessagesOut,
                ["messages_in"] = link.MessagesIn,
                ["rtt_ms"] = link.RttMs,
                ["reconnects"] = link.Reconnects,
                ["queued"] = link.Queued,
                ["dropped"] = link.Dropped,
            });
        }
        var counts = runtime.NodeCore.Latency.Snapshot();
        var bounds = new JsonArray();
        foreach (var bound in LatencyHistogram.Bounds)
        {
            bounds.Add(bound);
        }
        var buckets = new JsonArray();
        foreach (var count in counts)
        {
            buckets.Add(count);
        }
        return new JsonObject
        {
            ["id"] = runtime.Id,
            ["shard"] = runtime.Shard,
            ["index"] = runtime.Index,
            ["height"] = status.Height,
            ["head"] = status.Head,
            ["epoch"] = status.Epoch,
            ["epoch_running"] = status.EpochRunning,
            ["epochs_committed"] = status.EpochsCommitted,
            ["syncing"] = status.Syncing,
            ["pool"] = status.Pool,
            ["committed_entries"] = status.CommittedEntries,
            ["committed_blocks"] = status.CommittedBlocks,
            ["synced_blocks"] = status.SyncedBlocks,
            ["rejoins"] = status.Jumps,
            ["latency_ms"] = new JsonObject
            {
                ["p50"] = LatencyHistogram.Quantile(counts, 0.5),
                ["p99"] = LatencyHistogram.Quantile(counts, 0.99),
                ["count"] = counts.Sum(),
            },
            ["latency_histogram"] = new JsonObject { ["bounds_ms"] = bounds, ["counts"] = buckets },
            ["purged"] = Map(status.Purged),
            ["refused"] = Map(status.Refused),
            ["faults"] = Map(status.Faults),
            ["memory"] = Memory(runtime.Store),
            ["cross_shard"] = status.CrossShard is { } crossShard ? Map(crossShard) : null,
            ["core_seconds"] = new JsonObject(runtime.NodeCore.Profile.Seconds().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Math.Round(p.Value, 3)))),
            ["peers"] = peers,
        };
    }

    /// <summary>Where the process's memory is: the managed heap (after the last GC, and committed by the GC) and the working set.</summary>
    private static JsonObject Memory(ILedgerStore store)
    {
        var gc = GC.GetGCMemoryInfo();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var memory = new JsonObject
        {
            ["working_set_mb"] = Math.Round(process.WorkingSet64 / 1e6, 1),
            ["gc_heap_mb"] = Math.Round(gc.HeapSizeBytes / 1e6, 1),
            ["gc_committed_mb"] = Math.Round(gc.TotalCommittedBytes / 1e6, 1),
            ["gc_fragmented_mb"] = Math.Round(gc.FragmentedBytes / 1e6, 1),
            ["gc_collections"] = new JsonArray(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)),
        };
        if (store is SqliteLedgerStore sqlite)
        {
            var (capacity, segments, bytes) = sqlite.IdFilter;
            memory["id_filter"] = new JsonObject { ["capacity"] = capacity, ["segments"] = segments, ["mb"] = Math.Round(bytes / 1e6, 1) };
        }
        return memory;
    }

    public static JsonObject Map(IReadOnlyDictionary<string, long> counts)
    {
        var map = new JsonObject();
        foreach (var (key, value) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            map[key] = value;
        }
        return map;
    }
}
