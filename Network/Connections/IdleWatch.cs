namespace DumboFL.Network.Connections;

/// <summary>
/// Notices a read that has waited longer than the limit and runs the expiry action once. Only time spent
/// waiting for bytes counts: a read loop that is busy (e.g. waiting for room in the inbound queue) is not
/// idle, however long that takes.
/// </summary>
internal sealed class IdleWatch : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _limit;
    private readonly Action _onExpired;
    private readonly ITimer _timer;
    private long _waitStarted;
    private int _waiting;
    private int _expired;

    public IdleWatch(TimeProvider time, TimeSpan limit, Action onExpired)
    {
        _time = time;
        _limit = limit;
        _onExpired = onExpired;
        var period = TimeSpan.FromTicks(Math.Max(limit.Ticks / 4, TimeSpan.FromMilliseconds(5).Ticks));
        _timer = time.CreateTimer(static s => ((IdleWatch)s!).Check(), this, period, period);
    }

    public bool Expired => Volatile.Read(ref _expired) != 0;

    public void BeginWait()
    {
        Volatile.Write(ref _waitStarted, _time.GetTimestamp());
        Volatile.Write(ref _waiting, 1);
    }

    public void EndWait() => Volatile.Write(ref _waiting, 0);

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        if (Volatile.Read(ref _waiting) == 0 || _time.GetElapsedTime(Volatile.Read(ref _waitStarted)) < _limit)
        {
            return;
        }
        if (Interlocked.Exchange(ref _expired, 1) == 0)
        {
            _onExpired();
        }
    }
}
