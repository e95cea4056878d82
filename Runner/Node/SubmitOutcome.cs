namespace DumboFL.Runner.Node;

/// <summary>What the core did with a submission: how many entries entered the pool, which were refused and why.</summary>
public sealed record SubmitOutcome(int Accepted, IReadOnlyList<(int Index, string Reason)> Rejected, bool PoolFull, int Pool);
