using System.Diagnostics;

namespace DumboFL.Network.Tests.Support;

/// <summary>Waiting for conditions the tests cannot be told about directly (counters, link states).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = within ?? Patience;
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
            }
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> messages, failing the test if they do not all come in time.</summary>
    public static async Task<List<InboundMessage>> ReadAsync(InboundQueue queue, int count, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Patience);
        var messages = new List<InboundMessage>(count);
        try
        {
            while (messages.Count < count)
            {
                messages.Add(await queue.ReadAsync(timeout.Token).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"only {messages.Count} of {count} messages arrived in time");
        }
        return messages;
    }
}
