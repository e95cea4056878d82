using DumboFL.Learning.Rounds;

namespace DumboFL.Runner.Fl;

/// <summary>What <c>dumbofl fl</c> runs: the cluster's shape, the experiment every node reads, which nodes are faulty, limits.</summary>
public sealed record FlOptions
{
    public int Shards { get; init; } = 1;

    public int Nodes { get; init; } = 4;

    public FlSettings Settings { get; init; } = new();

    /// <summary>How many nodes serve corrupted chunks (at most f per shard).</summary>
    public int CorruptPeers { get; init; }

    /// <summary>Give up (and fail) after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public string? Out { get; init; }

    public int F => (Nodes - 1) / 3;

    public IEnumerable<string> Validate()
    {
        if (Shards < 1)
        {
            yield return "--shards must be at least 1";
        }
        if (Nodes < 4)
        {
            yield return "--nodes must be at least 4 (n = 3f+1)";
        }
        if (CorruptPeers < 0 || CorruptPeers > F * Shards)
        {
            yield return $"--corrupt-peers must be between 0 and f × shards = {F * Shards}";
        }
        foreach (var problem in Settings.Validate(Nodes))
        {
            yield return problem;
        }
    }

    /// <summary>The faulty nodes: the highest indexes of each shard in turn, f per shard at most (S-I ids).</summary>
    public IReadOnlyList<string> CorruptNodeIds()
    {
        var ids = new List<string>();
        for (var k = 0; ids.Count < CorruptPeers && k < F; k++)
        {
            for (var s = 0; s < Shards && ids.Count < CorruptPeers; s++)
            {
                ids.Add(DumboFL.Runner.Launch.NodeIds.Of(s, Nodes - 1 - k));
            }
        }
        return ids;
    }
}
