using System.Globalization;

namespace DumboFL.Simulator;

/// <summary>The <c>dumbofl sim</c> command line that runs exactly the simulation the options describe.</summary>
public static class ReplayCommand
{
    public static string For(SimulationOptions options)
    {
        var parts = new List<string> { "dumbofl sim", $"--nodes {options.Nodes}" };
        if (options.Shards != SimulationOptions.DefaultShards)
        {
            parts.Add($"--shards {options.Shards}");
        }
        parts.Add($"--epochs {options.Epochs}");
        parts.Add($"--batch {options.Batch}");
        parts.Add($"--seed {options.Seed.ToString(CultureInfo.InvariantCulture)}");
        if (!options.Faults.IsEmpty)
        {
            parts.Add($"--faults {options.Faults}");
        }
        if (options.TxSize != SimulationOptions.DefaultTxSize)
        {
            parts.Add($"--tx-size {options.TxSize}");
        }
        if (options.Invalid != 0)
        {
            parts.Add($"--invalid {options.Invalid.ToString("R", CultureInfo.InvariantCulture)}");
        }
        if (options.CrossShard != 0)
        {
            parts.Add($"--cross-shard {options.CrossShard.ToString("R", CultureInfo.InvariantCulture)}");
        }
        if (options.MaxDeliveries > 0)
        {
            parts.Add($"--max-messages {options.MaxDeliveries}");
        }
        return string.Join(' ', parts);
    }
}
