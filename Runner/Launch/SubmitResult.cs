namespace DumboFL.Runner.Launch;

public enum SubmitOutcome
{
    /// <summary>200: every entry was taken.</summary>
    Taken,

    /// <summary>400: some entries were invalid; the valid ones were taken.</summary>
    PartlyRejected,

    /// <summary>429: the node's pool is full, nothing was taken.</summary>
    PoolFull,

    /// <summary>Anything else (413, 5xx, a body that is not the documented one).</summary>
    Failed,
}

/// <summary>What a node said to one <c>POST /tx</c>.</summary>
public sealed record SubmitResult(SubmitOutcome Outcome, int Accepted, int Rejected, TimeSpan? RetryAfter)
{
    public string? Error { get; init; }
}
