using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests.Launch;

public sealed class PacerTests
{
    [Test]
    public void Allows_rate_times_elapsed_entries_in_batches_up_to_the_maximum()
    {
        var time = new ManualTime();
        var pacer = new Pacer(1000, time);
        Assert.That(pacer.Take(500), Is.EqualTo(0), "nothing is due at the start");
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Multiple(() =>
        {
            Assert.That(pacer.Take(200), Is.EqualTo(200));
            Assert.That(pacer.Take(200), Is.EqualTo(100));
            Assert.That(pacer.Take(200), Is.EqualTo(0));
        });
    }

    [Test]
    public void Returned_entries_are_due_again_for_another_sender()
    {
        var time = new ManualTime();
        var pacer = new Pacer(1000, time);
        time.Advance(TimeSpan.FromMilliseconds(100));
        var taken = pacer.Take(1000);
        pacer.Return(taken);
        Assert.That(pacer.Take(1000), Is.EqualTo(taken));
    }

    [Test]
    public void Backlog_beyond_one_second_of_load_is_dropped_and_counted()
    {
        var time = new ManualTime();
        var pacer = new Pacer(1000, time);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(pacer.Take(100_000), Is.EqualTo(1000), "at most one second's worth at once");
            Assert.That(pacer.Dropped, Is.EqualTo(4000));
        });
    }

    [Test]
    public void A_new_rate_starts_a_new_period()
    {
        var time = new ManualTime();
        var pacer = new Pacer(1000, time);
        time.Advance(TimeSpan.FromMilliseconds(500));
        pacer.SetRate(10_000);
        Assert.That(pacer.Take(100_000), Is.EqualTo(0), "what the old rate allowed is forgotten");
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Multiple(() =>
        {
            Assert.That(pacer.Take(100_000), Is.EqualTo(1000));
            Assert.That(pacer.TimeUntil(500), Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        });
    }
}
