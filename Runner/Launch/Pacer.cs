namespace DumboFL.Runner.Launch;

/// <summary>
/// A token bucket shared by the senders of one shard: it allows <c>rate × elapsed</c> entries in total. Tokens
/// nobody could send (every node answering 429) pile up to at most <see cref="MaxBacklogSeconds"/> of load,
/// then are dropped and counted, so an overloaded cluster is not hit by an ever-growing burst.
/// </summary>
public sealed class Pacer
{
    public const double MaxBacklogSeconds = 1.0;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _start;
    private double _rate;
    private double _issued;
    private double _dropped;

    public Pacer(double rate, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        SetRate(rate);
    }

    public double Rate
    {
        get
        {
            lock (_gate)
            {
                return _rate;
            }
        }
    }

    /// <summary>Entries the pacer allowed but nobody sent in time (offered load the cluster never saw).</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return (long)_dropped;
            }
        }
    }

    /// <summary>Starts a new pacing period at this rate: what was allowed before and not sent is forgotten.</summary>
    public void SetRate(double rate)
    {
        lock (_gate)
        {
            _rate = rate;
            _start = _time.GetTimestamp();
            _issued = 0;
        }
    }

    /// <summary>Takes up to <paramref name="max"/> entries that are due now; 0 when none is.</summary>
    public int Take(int max)
    {
        lock (_gate)
        {
            var allowed = _rate * _time.GetElapsedTime(_start).TotalSeconds;
            var cap = _rate * MaxBacklogSeconds;
            if (allowed - _issued > cap)
            {
                _dropped += allowed - _issued - cap;
                _issued = allowed - cap;
            }
            var due = (int)Math.Min(max, Math.Floor(allowed - _issued));
            if (due <= 0)
            {
                return 0;
            }
            _issued += due;
            return due;
        }
    }

    /// <summary>Gives back entries a node refused to take (429), so another node of the shard can send them.</summary>
    public void Return(int count)
    {
        lock (_gate)
        {
            _issued -= count;
        }
    }

    /// <summary>How long until <paramref name="count"/> more entries are due (for the sender's wait).</summary>
    public TimeSpan TimeUntil(int count)
    {
        lock (_gate)
        {
            if (_rate <= 0)
            {
                return TimeSpan.FromMilliseconds(100);
            }
            var allowed = _rate * _time.GetElapsedTime(_start).TotalSeconds;
            var missing = _issued + count - allowed;
            return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(missing / _rate);
        }
    }
}
