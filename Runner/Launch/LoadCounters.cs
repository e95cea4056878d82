namespace DumboFL.Runner.Launch;

/// <summary>What the load generator did, summed over all senders (updated concurrently).</summary>
public sealed class LoadCounters
{
    private long _accepted;
    private long _refused;
    private long _throttled;
    private long _failed;
    private long _unreachable;
    private string? _lastError;

    /// <summary>Entries a node took into its pool.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Entries a node refused as invalid (in a 400 answer).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Requests answered 429 (pool full); their entries went back to the pacer.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Entries in requests that failed otherwise (413, 5xx, an undocumented body).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Requests that could not reach their node (it was killed, or is restarting).</summary>
    public long Unreachable => Interlocked.Read(ref _unreachable);

    public string? LastError => Volatile.Read(ref _lastError);

    public void AddAccepted(long count) => Interlocked.Add(ref _accepted, count);

    public void AddRefused(long count) => Interlocked.Add(ref _refused, count);

    public void AddThrottled() => Interlocked.Increment(ref _throttled);

    public void AddFailed(long count, string error)
    {
        Interlocked.Add(ref _failed, count);
        Volatile.Write(ref _lastError, error);
    }

    public void AddUnreachable(string error)
    {
        Interlocked.Increment(ref _unreachable);
        Volatile.Write(ref _lastError, error);
    }
}
