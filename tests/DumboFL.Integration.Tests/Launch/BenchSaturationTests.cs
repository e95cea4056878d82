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

    [Test]
    public void Refinement_bisects_between_the_best_step_within_the_limit_and_the_next_rate_above()
    {
        List<BenchStep> steps = [Step(20000, 20000, 100), Step(40000, 40000, 200), Step(80000, 53000, 1800)];

        var first = BenchRun.NextRefinement(steps);
        steps.Add(Step(first!.Value, 55000, 700, "refine"));
        var second = BenchRun.NextRefinement(steps);
        steps.Add(Step(second!.Value, 54000, 1300, "refine"));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(60000));
            Assert.That(second, Is.EqualTo(70000), "60,000 held the limit, so the gap to 80,000 is bisected");
            Assert.That(BenchRun.Saturation(steps).OfferedRate, Is.EqualTo(60000));
            Assert.That(BenchRun.NextRefinement([Step(40000, 40000, 200), Step(42000, 40500, 1500)]), Is.Null, "a gap under 10 % is narrow enough");
            Assert.That(BenchRun.NextRefinement([Step(5000, 5000, 50), Step(10000, 10000, 60)]), Is.Null, "nothing measured above the best");
        });
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
