using DumboFL.Simulator;

namespace DumboFL.Simulation.Tests;

[TestFixture]
public sealed class FaultPlanTests
{
    [TestCase("crash:1", "crash:1", 1)]
    [TestCase("garbage:1, crash:1", "crash:1,garbage:1", 2)]
    [TestCase("crash:1,crash:2", "crash:3", 3)]
    [TestCase("coin-attack:2", "coin-attack:2", 2)]
    [TestCase("TWINS:1", "twins:1", 1)]
    [TestCase("", "none", 0)]
    [TestCase("none", "none", 0)]
    public void Parses_and_prints_canonically(string text, string canonical, int total)
    {
        var plan = FaultPlan.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(plan.ToString(), Is.EqualTo(canonical));
            Assert.That(plan.Total, Is.EqualTo(total));
        });
    }

    [TestCase("foo:1", "unknown fault kind 'foo'")]
    [TestCase("crash", "is not KIND:COUNT")]
    [TestCase("crash:x", "not a non-negative integer")]
    [TestCase("crash:-1", "not a non-negative integer")]
    [TestCase(":1", "is not KIND:COUNT")]
    public void Rejects_malformed_plans_with_a_clear_message(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => FaultPlan.Parse(text));
        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void Options_refuse_a_shard_without_an_honest_node_and_warn_beyond_f()
    {
        var allFaulty = new SimulationOptions { Nodes = 4, Faults = FaultPlan.Of(AdversaryKind.Crash, 4) };
        var beyondF = new SimulationOptions { Nodes = 4, Faults = FaultPlan.Of(AdversaryKind.Twins, 2) };
        var withinF = new SimulationOptions { Nodes = 4, Faults = FaultPlan.Of(AdversaryKind.Twins, 1) };
        Assert.Multiple(() =>
        {
            Assert.That(allFaulty.Validate(), Has.Some.Contains("at least one must be honest"));
            Assert.That(beyondF.Validate(), Is.Empty);
            Assert.That(beyondF.Warnings(), Has.Some.Contains("exceed f = 1"));
            Assert.That(withinF.Warnings(), Is.Empty);
        });
    }
}
