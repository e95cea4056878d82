using DumboFL.Learning.Swarm;

namespace DumboFL.Runner.SwarmBench;

/// <summary>One <c>dumbofl swarm-peer</c>: which node of which cluster, where its chunk store lives, what it spreads and over which graph.</summary>
public sealed record SwarmPeerOptions(string ClusterDirectory, string Id, string DataDirectory, string ManifestPath, TopologyKind Topology)
{
    /// <summary>Seeds the topology (mesh) and the engine's choices; every peer of a run gets the same.</summary>
    public int Seed { get; init; }

    public int Degree { get; init; } = 3;

    /// <summary>A smaller update of the same source, spread on <c>warmup</c> before <c>go</c>; none when null.</summary>
    public string? WarmupManifestPath { get; init; }

    /// <summary>Exit when this process exits (the launcher), as <c>dumbofl node --parent-pid</c>.</summary>
    public int? ParentPid { get; init; }

    /// <summary>How long to wait for the links to the neighbours before reporting ready anyway.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
