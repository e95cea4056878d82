using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>What <c>dumbofl launch</c> runs: the cluster's shape, the load, the faults and where everything goes.</summary>
public sealed record LaunchOptions
{
    public const int DefaultDuration = 30;
    public const int DefaultRate = 2000;
    public const int DefaultTxSize = 250;
    public const int MaxProcesses = 256;

    public int Shards { get; init; } = 1;

    public int Nodes { get; init; } = 4;

    public double Duration { get; init; } = DefaultDuration;

    /// <summary>Offered load over the whole cluster (entries per second, invalid ones included).</summary>
    public int Rate { get; init; } = DefaultRate;

    public int TxSize { get; init; } = DefaultTxSize;

    public int? Batch { get; init; }

    /// <summary>Passed to every node as <c>--epoch-interval</c> (milliseconds); null keeps the node's default.</summary>
    public int? EpochIntervalMs { get; init; }

    public double Invalid { get; init; }

    /// <summary>Share (0..1) of the offered load that is cross-shard txs (docs/CROSS_SHARD.md); needs two shards or more.</summary>
    public double CrossShard { get; init; }

    public IReadOnlyList<KillPlan> Kills { get; init; } = [];

    /// <summary>Where keys, data directories and logs go; null picks a new directory under ./runs/.</summary>
    public string? Out { get; init; }

    /// <summary>An existing cluster directory (<c>dumbofl keygen</c>) to run instead of fresh keys; it fixes shards and nodes.</summary>
    public string? Cluster { get; init; }

    /// <summary>
    /// Words put before each node's command, <c>{id}</c> replaced by the node id: e.g. <c>ip netns exec dfl-{id}</c>
    /// runs every node in its own network namespace (scripts/netns-cluster.sh).
    /// </summary>
    public IReadOnlyList<string> NodePrefix { get; init; } = [];

    /// <summary>Reach each node's API at its cluster-file host and API port instead of the ready line's loopback address.</summary>
    public bool ApiFromCluster { get; init; }

    /// <summary>An FL experiment every node runs beside the load (the demo's); the run waits for it after the load.</summary>
    public DumboFL.Learning.Rounds.FlSettings? Fl { get; init; }

    public List<string> Validate()
    {
        var errors = new List<string>();
        if (Shards < 1)
        {
            errors.Add($"--shards must be at least 1 (got {Shards})");
        }
        if (Nodes < 4)
        {
            errors.Add($"--nodes must be at least 4: a shard needs n = 3f+1 ≥ 4 (got {Nodes})");
        }
        if (Shards >= 1 && Nodes >= 4 && (long)Shards * Nodes > MaxProcesses)
        {
            errors.Add($"--shards × --nodes is {(long)Shards * Nodes} processes; at most {MaxProcesses} on one machine");
        }
        if (!(Duration > 0) || Duration > 86_400)
        {
            errors.Add($"--duration must be in (0, 86400] seconds (got {Duration.ToString(CultureInfo.InvariantCulture)})");
        }
        if (Rate < 0)
        {
            errors.Add($"--rate must be ≥ 0 transactions per second (got {Rate})");
        }
        if (TxSize < LoadEntries.MinTxSize || TxSize > LoadEntries.MaxTxSize)
        {
            errors.Add($"--tx-size must be in [{LoadEntries.MinTxSize}, {LoadEntries.MaxTxSize}] bytes (got {TxSize})");
        }
        if (EpochIntervalMs is < 0 or > 60_000)
        {
            errors.Add($"--epoch-interval must be in [0, 60000] ms (got {EpochIntervalMs})");
        }
        if (Batch is < 1)
        {
            errors.Add($"--batch must be at least 1 (got {Batch})");
        }
        if (!(CrossShard >= 0 && CrossShard <= 1))
        {
            errors.Add($"--cross-shard must be a fraction in [0, 1] (got {CrossShard.ToString(CultureInfo.InvariantCulture)})");
        }
        else if (CrossShard > 0 && Shards < 2 && Cluster is null)
        {
            errors.Add("--cross-shard needs at least two shards (--shards 2 or more)");
        }
        if (!(Invalid >= 0 && Invalid <= 1))
        {
            errors.Add($"--invalid must be a fraction in [0, 1] (got {Invalid.ToString(CultureInfo.InvariantCulture)})");
        }
        errors.AddRange(ValidateKills());
        if (Cluster is { } cluster && !File.Exists(Path.Combine(cluster, "cluster.json")))
        {
            errors.Add($"--cluster {cluster}: no cluster.json there (write one with dumbofl keygen)");
        }
        if (Out is { } dir && Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            errors.Add($"--out {dir}: the directory exists and is not empty; pick a new one");
        }
        return errors;
    }

    private IEnumerable<string> ValidateKills()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kill in Kills)
        {
            if (!NodeIds.TryParse(kill.NodeId, out var shard, out var index) || shard >= Shards || index >= Nodes)
            {
                yield return $"--kill {kill}: there is no node {kill.NodeId} in {Shards} shard(s) of {Nodes} nodes";
            }
            else if (!seen.Add(kill.NodeId))
            {
                yield return $"--kill {kill}: node {kill.NodeId} is killed twice";
            }
            if (kill.AtSeconds >= Duration)
            {
                yield return $"--kill {kill}: second {kill.AtSeconds.ToString(CultureInfo.InvariantCulture)} is not inside the run's {Duration.ToString(CultureInfo.InvariantCulture)} s";
            }
        }
    }

    public IEnumerable<string> Warnings()
    {
        foreach (var group in Kills.GroupBy(k => k.NodeId.Split('-')[0]))
        {
            var f = (Nodes - 1) / 3;
            if (group.Count() > f)
            {
                yield return $"shard {group.Key}: {group.Count()} nodes killed but it tolerates f = {f}; it will stop committing";
            }
        }
    }

    /// <summary>A fresh directory under ./runs/ named after the start time.</summary>
    public static string NewRunDirectory(string prefix)
    {
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(Environment.CurrentDirectory, "runs", $"{prefix}-{stamp}");
        for (var i = 2; Directory.Exists(path); i++)
        {
            path = Path.Combine(Environment.CurrentDirectory, "runs", $"{prefix}-{stamp}-{i.ToString(CultureInfo.InvariantCulture)}");
        }
        return path;
    }
}
