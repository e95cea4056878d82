using System.Globalization;
using System.Text;
using System.Text.Json;
using DumboFL.Runner.Launch;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// <c>bench swarm --json</c>: one object, <c>{"size_bytes","nodes","chunk_size","source","loopback","topologies":[{"topology",
/// "spread_ms","bound_ms","ratio","bound_tls_ms","ratio_tls","ratio_all_copies_tls","cores_busy","requests_per_chunk","duplicate_pieces","max_rss_above_idle_mib",
/// "max_rss_multiple","max_rss_node","runs":[{…, "peers":[…]}]}],"machine":{…},"command"}</c>; the per-topology figures are
/// medians over the runs except the RSS ones, which are maxima.
/// </summary>
public static class SwarmBenchJson
{
    public const string LoopbackNote =
        "one stream over 127.0.0.1 in the launcher, before the peers start: plain TCP (the bound) and TLS 1.3 with a throwaway P-256 certificate";

    public static string Write(SwarmBenchResult result, MachineInfo machine, string command)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var options = result.Options;
            json.WriteStartObject();
            json.WriteNumber("size_bytes", options.SizeBytes);
            json.WriteNumber("nodes", options.Nodes);
            json.WriteNumber("chunk_size", options.ChunkSize);
            json.WriteNumber("warmup_bytes", (long)options.WarmupMib << 20);
            json.WriteBoolean("tiered_compilation", options.TieredCompilation);
            json.WriteString("source", SwarmBenchRun.Source);
            json.WriteNumber("runs_per_topology", options.Runs);
            json.WriteString("loopback", LoopbackNote);
            json.WriteStartArray("topologies");
            foreach (var topology in result.Topologies)
            {
                WriteTopology(json, topology);
            }
            json.WriteEndArray();
            machine.WriteTo(json);
            json.WriteString("command", command);
            json.WriteString("out", result.OutDirectory);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string CommandLine(SwarmBenchOptions o)
    {
        var parts = new List<string>
        {
            "dumbofl", "bench", "swarm", "--size-mib", I(o.SizeMib), "--nodes", I(o.Nodes),
            "--topology", string.Join(',', o.Topologies.Select(t => t.ToString().ToLowerInvariant())), "--runs", I(o.Runs),
        };
        if (o.WarmupMib != new SwarmBenchOptions().WarmupMib)
        {
            parts.AddRange(["--warmup-mib", I(o.WarmupMib)]);
        }
        if (o.TieredCompilation)
        {
            parts.Add("--tiered-compilation");
        }
        if (o.LoopbackMib != new SwarmBenchOptions().LoopbackMib)
        {
            parts.AddRange(["--loopback-mib", I(o.LoopbackMib)]);
        }
        if (o.Seed != new SwarmBenchOptions().Seed)
        {
            parts.AddRange(["--seed", I(o.Seed)]);
        }
        return string.Join(' ', parts);
    }

    private static void WriteTopology(Utf8JsonWriter json, SwarmTopologySummary topology)
    {
        var (largestRun, largest) = topology.LargestRss;
        json.WriteStartObject();
        json.WriteString("topology", Name(topology));
        Number(json, "spread_ms", topology.SpreadMs, 1);
        Number(json, "loopback_tcp_mib_s", topology.TcpBytesPerSecond / 1048576, 1);
        Number(json, "loopback_tls_mib_s", topology.TlsBytesPerSecond / 1048576, 1);
        Number(json, "bound_ms", topology.BoundMs, 1);
        Number(json, "ratio", topology.Ratio, 2);
        Number(json, "bound_tls_ms", topology.BoundTlsMs, 1);
        Number(json, "ratio_tls", topology.RatioTls, 2);
        Number(json, "ratio_all_copies_tls", topology.RatioAllCopiesTls, 2);
        Number(json, "cores_busy", topology.CoresBusy, 2);
        Number(json, "requests_per_chunk", topology.RequestsPerChunk, 4);
        json.WriteNumber("duplicate_pieces", topology.DuplicatePieces);
        Number(json, "max_rss_above_idle_mib", largest.PeakAboveIdleBytes / 1048576.0, 1);
        Number(json, "max_rss_multiple", largestRun.RssMultiple(largest), 3);
        json.WriteString("max_rss_node", largest.Id);
        json.WriteStartArray("runs");
        foreach (var run in topology.Runs)
        {
            WriteRun(json, run);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter json, SwarmRunResult run)
    {
        json.WriteStartObject();
        json.WriteNumber("run", run.Run);
        Number(json, "spread_ms", run.SpreadMs, 1);
        Number(json, "warmup_ms", run.WarmupMs, 1);
        Number(json, "loopback_tcp_mib_s", run.Loopback.TcpBytesPerSecond / 1048576, 1);
        Number(json, "loopback_tls_mib_s", run.Loopback.TlsBytesPerSecond / 1048576, 1);
        json.WriteString("tls_cipher", run.Loopback.TlsCipher);
        Number(json, "ratio", run.Ratio, 2);
        Number(json, "ratio_tls", run.RatioTls, 2);
        Number(json, "bound_all_copies_tls_ms", run.BoundAllCopiesTlsMs, 1);
        Number(json, "ratio_all_copies_tls", run.RatioAllCopiesTls, 2);
        Number(json, "cores_busy", run.CoresBusy, 2);
        Number(json, "requests_per_chunk", run.RequestsPerChunk, 4);
        json.WriteNumber("duplicate_pieces", run.DuplicatePieces);
        json.WriteStartArray("peers");
        foreach (var peer in run.Peers)
        {
            json.WriteStartObject();
            json.WriteString("id", peer.Id);
            json.WriteBoolean("source", peer.Source);
            Number(json, "done_ms", peer.DoneAtMs, 1);
            Number(json, "elapsed_ms", peer.Done.ElapsedMs, 1);
            Number(json, "cpu_ms_to_done", peer.Done.CpuMs, 0);
            Number(json, "cpu_ms_to_stop", peer.Final.CpuMs, 0);
            Number(json, "idle_rss_mib", peer.IdleRssBytes / 1048576.0, 1);
            Number(json, "peak_rss_mib", peer.Final.PeakRssBytes / 1048576.0, 1);
            Number(json, "rss_above_idle_mib", peer.PeakAboveIdleBytes / 1048576.0, 1);
            Number(json, "rss_multiple", run.RssMultiple(peer), 3);
            foreach (var (name, value) in peer.Final.Counters.Fields())
            {
                json.WriteNumber(name, value);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static string Name(SwarmTopologySummary topology) => topology.Topology.ToString().ToLowerInvariant();

    /// <summary>Rounded; null when there is no figure (a ratio over nothing).</summary>
    private static void Number(Utf8JsonWriter json, string name, double value, int digits)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, digits));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
