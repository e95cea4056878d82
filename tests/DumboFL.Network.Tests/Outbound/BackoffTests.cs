using DumboFL.Network.Outbound;

namespace DumboFL.Network.Tests.Outbound;

public class BackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Test]
    public void Delays_stay_between_the_minimum_and_the_maximum()
    {
        foreach (var attempt in Enumerable.Range(0, 64).Append(int.MaxValue))
        {
            foreach (var unit in new[] { 0.0, 0.25, 0.5, 0.999999 })
            {
                var delay = Backoff.Delay(attempt, Min, Max, unit);
                Assert.That(delay, Is.InRange(Min, Max), $"attempt {attempt}, random {unit}");
            }
        }
    }

    [Test]
    public void The_ceiling_doubles_per_attempt_until_the_maximum()
    {
        var highest = Enumerable.Range(0, 10).Select(a => Backoff.Delay(a, Min, Max, 0.999999)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(highest[0], Is.EqualTo(Min).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(highest[3], Is.EqualTo(TimeSpan.FromMilliseconds(400)).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(highest[9], Is.EqualTo(Max).Within(TimeSpan.FromMilliseconds(1)));
        });
    }

    [Test]
    public void Jitter_spreads_a_delay_over_half_its_ceiling()
    {
        var low = Backoff.Delay(4, Min, Max, 0);
        var high = Backoff.Delay(4, Min, Max, 0.999999);

        Assert.Multiple(() =>
        {
            Assert.That(low, Is.EqualTo(TimeSpan.FromMilliseconds(400)));
            Assert.That(high, Is.EqualTo(TimeSpan.FromMilliseconds(800)).Within(TimeSpan.FromMilliseconds(1)));
        });
    }
}
