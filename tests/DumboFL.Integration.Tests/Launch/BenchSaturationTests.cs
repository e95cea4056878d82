using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests.Launch;

public sealed class BenchSaturationTests
{
    [Test]
    public void Saturation_is_the_most_committed_step_within_the_latency_limit()
    {
        BenchStep[] steps = [Step(5000, 4990, 300), Step(10000, 9000, 900), Step(20000, 11000, 3500), Step(8000, 7000, 200, "half")];
        Assert.That(BenchRun.Saturation(steps).OfferedRate, Is.EqualTo(10000), "20000 commits more but at p50 3.5 s; the half step never counts");
    }

    [Test]
    public void Without_a_step_inside_the_limit_the_most_committed_one_is_taken()
    {
        BenchStep[] steps = [Step(5000, 3000, 2500), Step(2500, 2400, 2100)];
        Assert.That(BenchRun.Saturation(steps).OfferedRate, Is.EqualTo(5000));
    }

    private static BenchStep Step(double offered, double committed, double p50, string label = "sweep") => new()
    {
        Label = label,
        OfferedRate = offered,
        Seconds = 10,
        CommittedTps = committed,
        AcceptedTps = offered,
        P50 = p50,
        P99 = p50 * 2,
        Throttled = 0,
        Dropped = 0,
        PoolAtEnd = 0,
        NodeCores = new Dictionary<string, double>(),
        LauncherCores = 0,
    };
}
