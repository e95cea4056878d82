namespace DumboFL.Runner.Node;

/// <summary>How one node process runs: which node of which cluster, where its data lives, and its limits.</summary>
public sealed record NodeOptions(string ClusterDirectory, string Id, string DataDirectory)
{
    /// <summary>B: entries per epoch across the shard (each node proposes ⌈B/n⌉).</summary>
    public int BatchSize { get; init; } = 24_000;

    /// <summary>Least time between epochs a node opens while less than a full proposal is pending; zero: back to back.</summary>
    public TimeSpan EpochInterval { get; init; } = DefaultEpochInterval;

    public static readonly TimeSpan DefaultEpochInterval = TimeSpan.Zero;

    /// <summary>Pending entries beyond which the API answers 429.</summary>
    public int PoolMax { get; init; } = 24_000;

    /// <summary>
    /// Committed entry ids the ledger's Bloom filter is sized for at start (2.5 bytes each): up to it a committed-id
    /// lookup reads one filter segment and the filter's memory is taken once; past it the filter adds segments.
    /// </summary>
    public long IdCapacity { get; init; } = DefaultIdCapacity;

    public const long DefaultIdCapacity = 1 << 24;

    /// <summary>Exit when this process is gone (the launcher's pid), so no node outlives its launcher.</summary>
    public int? ParentPid { get; init; }

    /// <summary>Decode workers between the inbound queue and the core loop.</summary>
    public int DecodeWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>An FL experiment file (<c>fl.json</c>, written by <c>dumbofl fl</c>): run an FL client beside the node.</summary>
    public string? FlSettings { get; init; }

    /// <summary>Bind address of the client API; loopback unless an operator opens it up.</summary>
    public string ApiHost { get; init; } = "127.0.0.1";
}
