using System.Diagnostics;

namespace DumboFL.Integration.Tests.Support;

/// <summary>
/// Waiting on a live cluster by polling its state until a condition holds or a deadline passes — never a
/// fixed sleep. On the deadline the test fails with what was last seen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, Func<T?, string> describe)
    {
        var clock = Stopwatch.StartNew();
        T? last = default;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // A node that is busy, starting or stopping: try again until the deadline.
                lastError = e;
            }
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"not within {deadline.TotalSeconds:F0} s: {describe(last)}" + (lastError is null ? "" : $" (last error: {lastError.Message})"));
            }
            await Task.Delay(PollInterval);
        }
    }
}
