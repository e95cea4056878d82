using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DumboFL.Runner.Launch;

/// <summary>
/// <c>bench --json</c>: <c>{"saturation":{"offered":…,"committed_tps":…,"p50_ms":…,"p99_ms":…},"half":{…},"steps":[…],
/// "processes":{"0-0":{"peak_rss_mb":…,"cpu_s":…}},"machine":{…},"command":"…"}</c>, plus <c>"rss"</c> for a memory run.
/// </summary>
public static class BenchJson
{
    public static string Write(BenchResult result, MachineInfo machine, string command)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("passed", result.Passed);
            json.WriteString("command", command);
            json.WriteNumber("shards", result.Options.Shards);
            json.WriteNumber("nodes", result.Options.Nodes);
            json.WriteNumber("tx_size", result.Options.TxSize);
            json.WriteNumber("step_seconds", result.Options.StepSeconds);
            json.WriteStartArray("steps");
            foreach (var step in result.Steps)
            {
                WriteStep(json, null, step);
            }
            json.WriteEndArray();
            WriteStep(json, "saturation", result.Saturation);
            WriteStep(json, "half", result.Half);
            json.WriteString("stop_reason", result.StopReason);
            if (result.Rss is { } rss)
            {
                WriteRss(json, rss);
            }
            json.WriteStartObject("processes");
            foreach (var (id, stats) in result.Processes.OrderBy(p => p.Key, NodeIdComparer.Instance))
            {
                WriteProcess(json, id, stats);
            }
            json.WriteEndObject();
            if (result.Launcher is { } launcher)
            {
                WriteProcess(json, "launcher", launcher);
            }
            machine.WriteTo(json);
            json.WriteString("out", result.OutDirectory);
            json.WriteBoolean("interrupted", result.Interrupted);
            json.WriteStartArray("warnings");
            foreach (var warning in result.Warnings)
            {
                json.WriteStringValue(warning);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStep(Utf8JsonWriter json, string? name, BenchStep? step)
    {
        if (name is not null && step is null)
        {
            json.WriteNull(name);
            return;
        }
        if (name is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(name);
        }
        json.WriteString("label", step!.Label);
        json.WriteNumber("offered", Math.Round(step.OfferedRate));
        json.WriteNumber("committed_tps", Math.Round(step.CommittedTps, 1));
        json.WriteNumber("accepted_tps", Math.Round(step.AcceptedTps, 1));
        Nullable(json, "p50_ms", step.P50);
        Nullable(json, "p99_ms", step.P99);
        json.WriteNumber("seconds", Math.Round(step.Seconds, 2));
        json.WriteNumber("throttled_requests", step.Throttled);
        json.WriteNumber("dropped_offered", step.Dropped);
        json.WriteNumber("pool_at_end", step.PoolAtEnd);
        json.WriteStartObject("node_cpu_cores");
        foreach (var (id, cores) in step.NodeCores.OrderBy(p => p.Key, NodeIdComparer.Instance))
        {
            json.WriteNumber(id, Math.Round(cores, 3));
        }
        json.WriteEndObject();
        json.WriteNumber("launcher_cpu_cores", Math.Round(step.LauncherCores, 3));
        json.WriteStartObject("node_rss_mb");
        foreach (var (id, bytes) in step.NodeRssBytes.OrderBy(p => p.Key, NodeIdComparer.Instance))
        {
            json.WriteNumber(id, Math.Round(bytes / 1048576.0, 1));
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRss(Utf8JsonWriter json, RssSeries rss)
    {
        json.WriteStartObject("rss");
        json.WriteNumber("offered", rss.OfferedRate);
        json.WriteNumber("interval_s", BenchOptions.RssIntervalSeconds);
        json.WriteStartArray("t_s");
        foreach (var t in rss.Seconds)
        {
            json.WriteNumberValue(t);
        }
        json.WriteEndArray();
        json.WriteStartObject("rss_mb");
        foreach (var (id, samples) in rss.RssBytes.OrderBy(p => p.Key, NodeIdComparer.Instance))
        {
            json.WriteStartArray(id);
            foreach (var bytes in samples)
            {
                json.WriteNumberValue(Math.Round(bytes / 1048576.0, 1));
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteStartArray("committed_tps");
        foreach (var tps in rss.CommittedTps)
        {
            json.WriteNumberValue(Math.Round(tps, 1));
        }
        json.WriteEndArray();
        json.WriteStartArray("p50_ms");
        foreach (var p50 in rss.P50)
        {
            if (p50 is { } v)
            {
                json.WriteNumberValue(Math.Round(v, 1));
            }
            else
            {
                json.WriteNullValue();
            }
        }
        json.WriteEndArray();
        json.WriteStartObject("trend_mb_per_min_second_half");
        foreach (var (id, slope) in rss.TrendMbPerMinute().OrderBy(p => p.Key, NodeIdComparer.Instance))
        {
            json.WriteNumber(id, Math.Round(slope, 3));
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteProcess(Utf8JsonWriter json, string name, ProcessStats stats)
    {
        json.WriteStartObject(name);
        json.WriteNumber("peak_rss_mb", Math.Round(stats.PeakRssBytes / 1048576.0, 1));
        json.WriteNumber("cpu_s", Math.Round(stats.CpuSeconds, 2));
        json.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v, 1));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>The command that reproduces the run (for docs/BENCHMARKS.md).</summary>
    public static string CommandLine(BenchOptions o)
    {
        var parts = new List<string> { "dumbofl", "bench", "--shards", I(o.Shards), "--nodes", I(o.Nodes), "--duration", D(o.StepSeconds), "--tx-size", I(o.TxSize) };
        if (o.Batch is { } batch)
        {
            parts.AddRange(["--batch", I(batch)]);
        }
        if (o.EpochIntervalMs is { } interval)
        {
            parts.AddRange(["--epoch-interval", I(interval)]);
        }
        if (o.StartRate != BenchOptions.DefaultStartRate)
        {
            parts.AddRange(["--start-rate", I(o.StartRate)]);
        }
        if (o.MaxRate != BenchOptions.DefaultMaxRate)
        {
            parts.AddRange(["--max-rate", I(o.MaxRate)]);
        }
        if (o.RssSeconds is { } rss)
        {
            parts.AddRange(["--rss-samples", D(rss), "--rate", I(o.Rate ?? 0)]);
        }
        return string.Join(' ', parts);
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString(CultureInfo.InvariantCulture);
}
