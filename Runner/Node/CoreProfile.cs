using System.Diagnostics;

namespace DumboFL.Runner.Node;

/// <summary>
/// Where the core thread's time goes: per event kind, with ledger apply (decode, validate, Merkle, SQLite commit)
/// split out. Written by the core thread, read by metrics; a torn read only makes one sample slightly stale.
/// </summary>
public sealed class CoreProfile
{
    private long _consensus;
    private long _sync;
    private long _submit;
    private long _other;
    private long _apply;

    public long ApplyTicks => Interlocked.Read(ref _apply);

    public void AddApply(long ticks) => Interlocked.Add(ref _apply, ticks);

    public void Add(CoreEvent coreEvent, long ticks)
    {
        switch (coreEvent)
        {
            case ConsensusArrived:
                Interlocked.Add(ref _consensus, ticks);
                break;
            case SyncArrived:
                Interlocked.Add(ref _sync, ticks);
                break;
            case EntriesSubmitted:
                Interlocked.Add(ref _submit, ticks);
                break;
            default:
                Interlocked.Add(ref _other, ticks);
                break;
        }
    }

    /// <summary>Seconds per part: consensus, apply, sync, submit, other.</summary>
    public IReadOnlyDictionary<string, double> Seconds() => new Dictionary<string, double>
    {
        ["consensus"] = ToSeconds(ref _consensus),
        ["apply"] = ToSeconds(ref _apply),
        ["sync"] = ToSeconds(ref _sync),
        ["submit"] = ToSeconds(ref _submit),
        ["other"] = ToSeconds(ref _other),
    };

    private static double ToSeconds(ref long ticks) => (double)Interlocked.Read(ref ticks) / Stopwatch.Frequency;
}
