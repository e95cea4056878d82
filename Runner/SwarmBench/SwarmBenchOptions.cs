using System.Globalization;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;
using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.SwarmBench;

/// <summary>What <c>dumbofl bench swarm</c> measures: one update of SizeMib spread from node 0-0 to every other node, per topology, Runs times.</summary>
public sealed record SwarmBenchOptions
{
    public const int MaxNodes = 64;
    public const int MaxRuns = 100;
    public const string DefaultTopologies = "mesh,ring,star";

    public int SizeMib { get; init; } = 64;

    public int Nodes { get; init; } = 8;

    public IReadOnlyList<TopologyKind> Topologies { get; init; } = [TopologyKind.Mesh, TopologyKind.Ring, TopologyKind.Star];

    public int Runs { get; init; } = 3;

    /// <summary>
    /// MiB of a smaller update (another round) spread before the timed one, 0 for none: it makes every peer JIT the paths
    /// it will use, so the timed spread is a warm node's, as in any round after a node's first.
    /// </summary>
    public int WarmupMib { get; init; } = 4;

    /// <summary>Run the peers with the runtime's tiered compilation (as a node runs), instead of compiling each method once, fully optimised.</summary>
    public bool TieredCompilation { get; init; }

    /// <summary>MiB streamed for each loopback measurement (TCP, then TLS).</summary>
    public int LoopbackMib { get; init; } = 256;

    /// <summary>Seeds the update's bytes, the mesh and the engines.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Seconds from go until every peer must hold the update.</summary>
    public double TimeoutSeconds { get; init; } = 600;

    public string? Out { get; init; }

    /// <summary>Keep every run's chunk stores (the update's size per node per run) instead of deleting them after the run.</summary>
    public bool KeepData { get; init; }

    public int ChunkSize => ChunkedUpdate.DefaultChunkSize;

    public long SizeBytes => (long)SizeMib << 20;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var maxMib = (int)(SeededUpdate.MaxLength >> 20);
        if (SizeMib < 1 || SizeMib > maxMib)
        {
            errors.Add(Say($"--size-mib must be 1..{maxMib}, got {SizeMib}"));
        }
        if (Nodes < ClusterGenerator.MinNodesPerShard || Nodes > MaxNodes)
        {
            errors.Add(Say($"--nodes must be {ClusterGenerator.MinNodesPerShard}..{MaxNodes} (one shard of n = 3f+1 ≥ 4), got {Nodes}"));
        }
        if (WarmupMib < 0 || WarmupMib > maxMib)
        {
            errors.Add(Say($"--warmup-mib must be 0..{maxMib}, got {WarmupMib}"));
        }
        if (Runs < 1 || Runs > MaxRuns)
        {
            errors.Add(Say($"--runs must be 1..{MaxRuns}, got {Runs}"));
        }
        if (LoopbackMib < 1 || LoopbackMib > 16_384)
        {
            errors.Add(Say($"--loopback-mib must be 1..16384, got {LoopbackMib}"));
        }
        if (!(TimeoutSeconds > 0) || TimeoutSeconds > 86_400)
        {
            errors.Add(Say($"--timeout must be in (0, 86400] seconds, got {TimeoutSeconds}"));
        }
        if (Out is not null && Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any())
        {
            errors.Add($"--out {Out}: the directory exists and is not empty; pick a new one");
        }
        if (Topologies.Count == 0)
        {
            errors.Add("--topology names no topology");
        }
        return errors;
    }

    /// <summary>Parses <c>mesh,ring,star</c>: star, ring, tree, mesh, full (a custom edge list needs a file per node count; not here).</summary>
    public static bool TryParseTopologies(string text, out IReadOnlyList<TopologyKind> kinds, out string error)
    {
        var parsed = new List<TopologyKind>();
        kinds = parsed;
        error = "";
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<TopologyKind>(word, ignoreCase: true, out var kind) || kind == TopologyKind.Custom || int.TryParse(word, out _))
            {
                error = $"--topology: unknown topology '{word}' (star, ring, tree, mesh, full)";
                return false;
            }
            if (parsed.Contains(kind))
            {
                error = $"--topology names {word} twice";
                return false;
            }
            parsed.Add(kind);
        }
        if (parsed.Count == 0)
        {
            error = "--topology names no topology";
            return false;
        }
        return true;
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
