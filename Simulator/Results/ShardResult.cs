namespace DumboFL.Simulator;

/// <summary>Everything one simulated shard reports: who was faulty, what honest nodes committed, which checks held.</summary>
public sealed record ShardResult
{
    public required int Shard { get; init; }

    public required ulong ShardSeed { get; init; }

    public required int Nodes { get; init; }

    /// <summary>Faulty node ids, ascending, with their kind.</summary>
    public required IReadOnlyList<(int Node, AdversaryKind Kind)> Faulty { get; init; }

    /// <summary>Epochs committed by every honest node (the minimum over honest nodes).</summary>
    public required ulong EpochsCommitted { get; init; }

    public required IReadOnlyList<NodeReport> Honest { get; init; }

    /// <summary>Distinct items in the committed output (the largest over honest nodes; equal when agreement holds).</summary>
    public required int CommittedEntries { get; init; }

    /// <summary>Items submitted to honest nodes (each counted once).</summary>
    public required int SubmittedEntries { get; init; }

    /// <summary>Items that appear more than once in a node's committed output (the largest over honest nodes).</summary>
    public required int DuplicateEntries { get; init; }

    public required long MessagesDelivered { get; init; }

    public required double SimulatedTime { get; init; }

    public required TimeSpan WallTime { get; init; }

    public required IReadOnlyList<CheckOutcome> Checks { get; init; }

    /// <summary>Adversary statistics worth printing (e.g. coins the attacker learned early), by name.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> AdversaryStats { get; init; }

    public IReadOnlyList<int> FaultyIds => Faulty.Select(f => f.Node).ToArray();

    public bool Passed => Checks.All(c => c.Passed);

    public bool Agreement => Checks.First(c => c.Name == CheckOutcome.Agreement).Passed;

    public IEnumerable<string> Failures => Checks.Where(c => !c.Passed).Select(c => c.ToString());

    public long Stat(string name) => AdversaryStats.FirstOrDefault(s => s.Key == name).Value;
}
