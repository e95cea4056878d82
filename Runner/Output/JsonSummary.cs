using System.Text;
using System.Text.Json;
using DumboFL.Simulator;

namespace DumboFL.Runner.Output;

/// <summary>
/// The <c>--json</c> summary: one object, <c>{"seed":S,"shards":[{"shard":0,"nodes":N,"faulty":[…],"epochs":E,
/// "agreement":…,"honest_digests":[…],"head_hashes":[…],"committed_entries":K,"purged":P,"blocks":B, …}]}</c>,
/// plus the run's options and every check. Field meanings: README, <c>dumbofl sim</c>.
/// </summary>
public static class JsonSummary
{
    public static string Write(SimulationResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", result.Seed);
            json.WriteBoolean("passed", result.Passed);
            json.WriteString("faults", result.Options.Faults.ToString());
            json.WriteNumber("epochs_target", result.Options.Epochs);
            json.WriteNumber("batch", result.Options.Batch);
            json.WriteNumber("tx_size", result.Options.TxSize);
            json.WriteNumber("invalid", result.Options.Invalid);
            json.WriteNumber("wall_ms", Math.Round(result.WallTime.TotalMilliseconds));
            json.WriteString("replay", ReplayCommand.For(result.Options));
            json.WriteStartArray("shards");
            foreach (var shard in result.Shards)
            {
                WriteShard(json, shard);
            }
            json.WriteEndArray();
            if (result.CrossShard is { } cross)
            {
                json.WriteNumber("cross_shard_fraction", result.Options.CrossShard);
                json.WriteStartObject("cross_shard");
                json.WriteNumber("submitted", cross.Submitted);
                json.WriteNumber("committed", cross.Committed);
                json.WriteNumber("aborted", cross.Aborted);
                json.WriteNumber("pending", cross.Pending);
                json.WriteNumber("violations", cross.Violations.Count);
                json.WriteNumber("messages", cross.MessagesDelivered);
                json.WriteStartArray("violation_details");
                foreach (var violation in cross.Violations.Take(20))
                {
                    json.WriteStringValue(violation);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteShard(Utf8JsonWriter json, ShardResult shard)
    {
        json.WriteStartObject();
        json.WriteNumber("shard", shard.Shard);
        json.WriteNumber("nodes", shard.Nodes);
        json.WriteStartArray("faulty");
        foreach (var id in shard.FaultyIds)
        {
            json.WriteNumberValue(id);
        }
        json.WriteEndArray();
        json.WriteStartObject("faulty_kinds");
        foreach (var (node, kind) in shard.Faulty)
        {
            json.WriteString(node.ToString(System.Globalization.CultureInfo.InvariantCulture), kind.Name());
        }
        json.WriteEndObject();
        json.WriteNumber("epochs", shard.EpochsCommitted);
        json.WriteBoolean("agreement", shard.Agreement);
        json.WriteStartArray("honest_digests");
        foreach (var node in shard.Honest)
        {
            json.WriteStringValue(node.ChainDigest);
        }
        json.WriteEndArray();
        json.WriteStartArray("honest_nodes");
        foreach (var node in shard.Honest)
        {
            json.WriteNumberValue(node.Node);
        }
        json.WriteEndArray();
        json.WriteStartArray("head_hashes");
        foreach (var node in shard.Honest)
        {
            if (node.HeadHash is { } hash)
            {
                json.WriteStringValue(hash);
            }
            else
            {
                json.WriteNullValue();
            }
        }
        json.WriteEndArray();
        json.WriteNumber("committed_entries", shard.CommittedEntries);
        json.WriteNumber("submitted_entries", shard.SubmittedEntries);
        json.WriteNumber("submitted_valid", shard.SubmittedValid);
        json.WriteNumber("duplicate_entries", shard.DuplicateEntries);
        json.WriteNumber("purged", shard.Purged);
        json.WriteNumber("purged_at_cut", shard.PurgedAtCut);
        json.WriteNumber("purged_at_commit", shard.PurgedAtCommit);
        json.WriteStartObject("purged_by_reason");
        foreach (var (reason, count) in shard.PurgedByReason)
        {
            json.WriteNumber(reason, count);
        }
        json.WriteEndObject();
        json.WriteNumber("refused", shard.Refused);
        json.WriteNumber("blocks", shard.Blocks);
        json.WriteNumber("empty_batches", shard.EmptyBatches);
        json.WriteNumber("invalid_only_batches", shard.InvalidOnlyBatches);
        if (shard.LedgerHeight is { } height)
        {
            json.WriteNumber("ledger_height", height);
        }
        else
        {
            json.WriteNull("ledger_height");
        }
        json.WriteNumber("messages", shard.MessagesDelivered);
        json.WriteNumber("simulated_time", Math.Round(shard.SimulatedTime, 3));
        json.WriteNumber("wall_ms", Math.Round(shard.WallTime.TotalMilliseconds));
        json.WriteStartObject("checks");
        foreach (var check in shard.Checks)
        {
            json.WriteBoolean(check.Name, check.Passed);
        }
        json.WriteEndObject();
        json.WriteStartArray("failures");
        foreach (var failure in shard.Failures)
        {
            json.WriteStringValue(failure);
        }
        json.WriteEndArray();
        json.WriteStartObject("adversary");
        foreach (var (name, value) in shard.AdversaryStats)
        {
            json.WriteNumber(name, value);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
