namespace DumboFL.Simulator;

/// <summary>Everything that fixes a simulation run. Same options and seed → same run, event for event.</summary>
public sealed record SimulationOptions
{
    public const int DefaultNodes = 4;
    public const int DefaultShards = 1;
    public const int DefaultEpochs = 10;
    public const int DefaultBatch = 100;
    public const int DefaultTxSize = 32;
    public const int MinTxSize = 8;
    public const int MaxNodes = 128;

    public int Nodes { get; init; } = DefaultNodes;

    public int Shards { get; init; } = DefaultShards;

    /// <summary>E: every node runs at least this many epochs, and is given E × ⌈B/n⌉ items.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>B: target items per epoch.</summary>
    public int Batch { get; init; } = DefaultBatch;

    public ulong Seed { get; init; }

    public FaultPlan Faults { get; init; } = FaultPlan.None;

    public int TxSize { get; init; } = DefaultTxSize;

    /// <summary>Share (0..1) of each node's submitted entries that are invalid, in the mix of <see cref="ItemLoad.InvalidMix"/>.</summary>
    public double Invalid { get; init; }

    /// <summary>
    /// Share (0..1) of cross-shard txs added to each shard's load (docs/CROSS_SHARD.md): this many per entry of the
    /// shard's own load, each with legs on one to three shards. Needs at least two shards.
    /// </summary>
    public double CrossShard { get; init; }

    /// <summary>Overrides the delivered-message cap of each shard (0: derived from n and E).</summary>
    public long MaxDeliveries { get; init; }

    public int F => (Nodes - 1) / 3;

    /// <summary>Problems that make the options unusable, one line each; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Nodes < 1 || Nodes > MaxNodes)
        {
            errors.Add($"--nodes must be between 1 and {MaxNodes}, got {Nodes}");
        }
        if (Shards < 1 || Shards > 64)
        {
            errors.Add($"--shards must be between 1 and 64, got {Shards}");
        }
        if (double.IsNaN(CrossShard) || CrossShard < 0 || CrossShard > 1)
        {
            errors.Add($"--cross-shard must be between 0 and 1, got {CrossShard}");
        }
        else if (CrossShard > 0 && Shards < 2)
        {
            errors.Add("--cross-shard needs at least two shards (--shards 2 or more)");
        }
        if (Epochs < 1 || Epochs > 100_000)
        {
            errors.Add($"--epochs must be between 1 and 100000, got {Epochs}");
        }
        if (Batch < 1 || Batch > 1_000_000)
        {
            errors.Add($"--batch must be between 1 and 1000000, got {Batch}");
        }
        if (TxSize < MinTxSize || TxSize > 1 << 20)
        {
            errors.Add($"--tx-size must be between {MinTxSize} and {1 << 20} bytes, got {TxSize}");
        }
        if (!(Invalid >= 0 && Invalid <= 1))
        {
            errors.Add($"--invalid must be a fraction between 0 and 1, got {Invalid.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        if (Nodes >= 1 && Faults.Total >= Nodes)
        {
            errors.Add($"--faults asks for {Faults.Total} faulty nodes but there are only {Nodes} nodes; at least one must be honest");
        }
        return errors;
    }

    /// <summary>Things worth saying that do not stop the run: more faulty nodes than the protocol tolerates.</summary>
    public IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        if (Faults.Total > F && Faults.Total < Nodes)
        {
            warnings.Add($"{Faults.Total} faulty nodes exceed f = {F} for n = {Nodes}: agreement, validity and termination are no longer guaranteed (the checks still run)");
        }
        return warnings;
    }
}
