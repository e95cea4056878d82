using System.Text;
using System.Text.Json;

namespace DumboFL.Runner.Launch;

/// <summary>
/// <c>launch --json</c>: one object, <c>{"shards":[{"shard":0,"committed_tx":C,"tps":T,"latency_ms":{"p50":…,"p99":…},
/// "heights":{"0-0":H,…},"agreement":true,…}],"refused":R,"data_dirs":{"0-0":"path",…},…}</c>.
/// </summary>
public static class LaunchJson
{
    public static string Write(LaunchResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("passed", result.Passed);
            json.WriteStartArray("shards");
            foreach (var shard in result.Shards)
            {
                WriteShard(json, shard);
            }
            json.WriteEndArray();
            json.WriteNumber("refused", result.Load.Refused);
            json.WriteNumber("accepted", result.Load.Accepted);
            json.WriteNumber("throttled_requests", result.Load.Throttled);
            json.WriteNumber("failed", result.Load.Failed);
            json.WriteNumber("unreachable_requests", result.Load.Unreachable);
            json.WriteNumber("dropped_offered", result.Load.Dropped);
            json.WriteNumber("duration_s", Math.Round(result.LoadSeconds, 2));
            json.WriteNumber("rate", result.Options.Rate);
            json.WriteNumber("tx_size", result.Options.TxSize);
            json.WriteNumber("invalid", result.Options.Invalid);
            json.WriteBoolean("interrupted", result.Interrupted);
            if (result.CrossShard is { } cross)
            {
                json.WriteNumber("cross_shard_fraction", result.Options.CrossShard);
                json.WriteStartObject("cross_shard");
                json.WriteNumber("generated", cross.Generated);
                json.WriteNumber("submitted", cross.Submitted);
                json.WriteNumber("committed", cross.Committed);
                json.WriteNumber("aborted", cross.Aborted);
                json.WriteNumber("pending", cross.Pending);
                json.WriteNumber("violations", cross.Violations.Count);
                json.WriteNumber("refused_legs", cross.RefusedLegs);
                json.WriteNumber("resent", cross.Resent);
                json.WriteStartObject("latency_ms");
                WriteNullable(json, "p50", cross.LatencyP50Ms);
                WriteNullable(json, "p99", cross.LatencyP99Ms);
                json.WriteEndObject();
                json.WriteStartArray("violation_details");
                foreach (var violation in cross.Violations.Take(20))
                {
                    json.WriteStringValue(violation);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (result.FlRounds is { } flRounds)
            {
                json.WriteStartArray("fl_rounds");
                foreach (var round in flRounds)
                {
                    json.WriteStartObject();
                    json.WriteNumber("round", round.Round);
                    json.WriteNumber("accuracy", round.Accuracy);
                    json.WriteNumber("loss", round.Loss);
                    json.WriteNumber("updates", round.Participants.Count);
                    json.WriteNumber("bytes_exchanged", round.BytesExchanged);
                    json.WriteNumber("chunks_rejected", round.ChunksRejected);
                    json.WriteBoolean("hashes_identical", round.HashesIdentical);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteString("out", result.OutDirectory);
            WriteMap(json, "data_dirs", result.DataDirectories, (w, name, dir) => w.WriteString(name, dir));
            WriteMap(json, "exit_codes", result.ExitCodes, (w, name, code) => w.WriteNumber(name, code));
            WriteMap(json, "processes", result.Processes, (w, name, stats) =>
            {
                w.WriteStartObject(name);
                w.WriteNumber("peak_rss_mb", Math.Round(stats.PeakRssBytes / 1048576.0, 1));
                w.WriteNumber("cpu_s", Math.Round(stats.CpuSeconds, 2));
                w.WriteEndObject();
            });
            WriteStrings(json, "warnings", result.Warnings);
            WriteStrings(json, "failures", result.Failures());
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteShard(Utf8JsonWriter json, ShardOutcome shard)
    {
        json.WriteStartObject();
        json.WriteNumber("shard", shard.Shard);
        json.WriteNumber("committed_tx", shard.CommittedTx);
        json.WriteNumber("tps", Math.Round(shard.Tps, 1));
        json.WriteStartObject("latency_ms");
        WriteNullable(json, "p50", shard.P50);
        WriteNullable(json, "p99", shard.P99);
        json.WriteNumber("samples", shard.LatencySamples);
        json.WriteEndObject();
        WriteMap(json, "heights", shard.Heights, (w, name, height) =>
        {
            if (height is { } h)
            {
                w.WriteNumber(name, h);
            }
            else
            {
                w.WriteNull(name);
            }
        });
        json.WriteBoolean("agreement", shard.Agreement.Agreement);
        if (shard.Agreement.CommonHeight is { } common)
        {
            json.WriteNumber("common_height", common);
        }
        else
        {
            json.WriteNull("common_height");
        }
        json.WriteString("hash_at_common_height", shard.Agreement.HeadHash);
        json.WriteNumber("epoch", shard.Epoch);
        WriteStrings(json, "killed", shard.Killed);
        if (shard.CommitsAfterKill is { } after)
        {
            json.WriteBoolean("commits_after_kill", after);
        }
        else
        {
            json.WriteNull("commits_after_kill");
        }
        WriteStrings(json, "problems", shard.Agreement.Problems);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
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

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static void WriteMap<T>(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, T> map, Action<Utf8JsonWriter, string, T> write)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, NodeIdComparer.Instance))
        {
            write(json, key, value);
        }
        json.WriteEndObject();
    }
}
