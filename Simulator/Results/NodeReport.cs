namespace DumboFL.Simulator;

/// <summary>
/// One honest node at the end of a run: its batch chain digest, its ledger (distinct committed entries,
/// blocks, the latest header's hash or null while it has none), and what its book purged and refused.
/// </summary>
public sealed record NodeReport(int Node, ulong EpochsCommitted, string ChainDigest, int CommittedEntries, int FaultsReported)
{
    public int Blocks { get; init; }

    public string? HeadHash { get; init; }

    /// <summary>Entries its book purged as invalid before a cut.</summary>
    public long PurgedAtCut { get; init; }

    /// <summary>Items its book refused at submission (undecodable, or already pending).</summary>
    public long Refused { get; init; }
}
