using System.CommandLine;
using System.Security.Cryptography;
using DumboFL.Simulator;

namespace DumboFL.Runner.Commands;

/// <summary><c>dumbofl sim</c>: a deterministic in-process simulation of one or more shards under a chosen adversary.</summary>
public static class SimCommand
{
    public static Command Create(CliContext context)
    {
        var nodes = new Option<int>("--nodes", "-n")
        {
            Description = "Nodes per shard (n = 3f+1 tolerates f faulty nodes)",
            DefaultValueFactory = _ => SimulationOptions.DefaultNodes,
        };
        var shards = new Option<int>("--shards")
        {
            Description = "Independent shards, each with its own derived seed",
            DefaultValueFactory = _ => SimulationOptions.DefaultShards,
        };
        var epochs = new Option<int>("--epochs", "-e")
        {
            Description = "Epochs every node runs (E); each node is given E × ⌈B/n⌉ items",
            DefaultValueFactory = _ => SimulationOptions.DefaultEpochs,
        };
        var batch = new Option<int>("--batch", "-b")
        {
            Description = "Target items per epoch (B); each node proposes ⌈B/n⌉",
            DefaultValueFactory = _ => SimulationOptions.DefaultBatch,
        };
        var seed = new Option<ulong?>("--seed", "-s")
        {
            Description = "Seed of the run (default: random, printed so the run can be replayed)",
        };
        var faults = new Option<FaultPlan>("--faults", "-f")
        {
            Description = $"Faulty nodes per shard, KIND:COUNT[,KIND:COUNT…]; KIND is one of {AdversaryKinds.AllNames}",
            HelpName = "KIND:COUNT",
            DefaultValueFactory = _ => FaultPlan.None,
            CustomParser = ParseFaults,
        };
        var txSize = new Option<int>("--tx-size")
        {
            Description = $"Bytes of each payload entry (at least {SimulationOptions.MinTxSize})",
            DefaultValueFactory = _ => SimulationOptions.DefaultTxSize,
        };
        var invalid = new Option<double>("--invalid")
        {
            Description = "Share (0..1) of each node's submitted entries that are invalid: unknown client, future round, invalid cross-shard leg, " +
                "zero-size chunk, oversize payload, undecodable bytes (purged before a cut or refused, never committed)",
            HelpName = "FRACTION",
        };
        var crossShard = new Option<double>("--cross-shard")
        {
            Description = "Cross-shard txs added per entry of each shard's load (0..1; needs --shards 2 or more): legs on one to three shards, " +
                "each invalid with probability --invalid; reports committed, aborted, pending and violations",
            HelpName = "FRACTION",
        };
        var maxMessages = new Option<long>("--max-messages")
        {
            Description = "Cap on delivered messages per shard before the run counts as not terminating (default: derived from n and E)",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of tables" };

        var command = new Command("sim", "Run a deterministic simulation of Dumbo-2 shards committing in-memory ledgers, with adversaries; check agreement, validity and termination")
        {
            nodes, shards, epochs, batch, seed, faults, txSize, invalid, crossShard, maxMessages, json,
        };
        command.SetAction(result =>
        {
            var options = new SimulationOptions
            {
                Nodes = result.GetValue(nodes),
                Shards = result.GetValue(shards),
                Epochs = result.GetValue(epochs),
                Batch = result.GetValue(batch),
                Seed = result.GetValue(seed) ?? RandomSeed(),
                Faults = result.GetValue(faults) ?? FaultPlan.None,
                TxSize = result.GetValue(txSize),
                Invalid = result.GetValue(invalid),
                CrossShard = result.GetValue(crossShard),
                MaxDeliveries = result.GetValue(maxMessages),
            };
            return SimulationRun.Execute(options, result.GetValue(json), context);
        });
        return command;
    }

    /// <summary>A fresh seed below 2^53, so that it survives any JSON reader as an exact number.</summary>
    public static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 11;

    private static FaultPlan? ParseFaults(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = string.Join(",", result.Tokens.Select(t => t.Value));
        try
        {
            return FaultPlan.Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError($"--faults: {e.Message}");
            return null;
        }
    }
}
