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

    /// <summary>Distinct entries in the first honest node's blocks: valid entries only (invalid ones build no block).</summary>
    public required int CommittedEntries { get; init; }

    /// <summary>Items submitted to honest nodes (each counted once), valid or not.</summary>
    public required int SubmittedEntries { get; init; }

    /// <summary>Valid entries among <see cref="SubmittedEntries"/>: what validity requires to be committed.</summary>
    public int SubmittedValid { get; init; }

    /// <summary>Entries that are in a node's blocks more than once (the largest over honest nodes; the ledger keeps it 0).</summary>
    public required int DuplicateEntries { get; init; }

    /// <summary>
    /// Entries removed as invalid: <see cref="PurgedAtCut"/> (every honest node's book, summed) plus
    /// <see cref="PurgedAtCommit"/> (counted once, at the first honest node). A purge event, not a distinct entry:
    /// an invalid entry given to two honest nodes may be purged by both books.
    /// </summary>
    public long Purged => PurgedAtCut + PurgedAtCommit;

    /// <summary>Purged from honest nodes' books before a cut, summed over honest nodes.</summary>
    public long PurgedAtCut { get; init; }

    /// <summary>Items of decided batches purged when the first honest node applied them (same at every honest node).</summary>
    public long PurgedAtCommit { get; init; }

    /// <summary><see cref="Purged"/> by reason (snake_case names, reasons never seen left out).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> PurgedByReason { get; init; } = [];

    /// <summary>Items honest nodes' books refused at submission (undecodable), summed over honest nodes.</summary>
    public long Refused { get; init; }

    /// <summary>Blocks in the first honest node's ledger.</summary>
    public int Blocks { get; init; }

    /// <summary>Epochs (at the first honest node) whose batch had no valid entry and so built no block.</summary>
    public int EmptyBatches { get; init; }

    /// <summary>Of <see cref="EmptyBatches"/>, those that had items, all invalid at commit.</summary>
    public int InvalidOnlyBatches { get; init; }

    /// <summary>Height of the first honest node's latest block; null while its ledger is empty.</summary>
    public ulong? LedgerHeight { get; init; }

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
