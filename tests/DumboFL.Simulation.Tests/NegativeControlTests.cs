using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

/// <summary>
/// The checker must be able to fail. With f+1 faulty nodes (beyond what n = 3f+1 tolerates) — two twins,
/// each side of whose partition can decide alone, or two equivocators — some of a handful of seeds has to
/// break agreement, validity or termination, and the checker has to say so.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NegativeControlTests
{
    private const int Seeds = 30;

    [TestCase("twins:2")]
    [TestCase("equivocate:2")]
    public void Checker_reports_a_violation_with_f_plus_one_faulty_nodes(string faults)
    {
        var results = Enumerable.Range(0, Seeds)
            .Select(i => SimulationHarness.Run(new SimulationOptions
            {
                Nodes = 4, Faults = FaultPlan.Parse(faults), Seed = 50_000 + (ulong)i, Epochs = 2, Batch = 8,
            }))
            .ToArray();
        var violated = results.Where(r => !r.Passed).ToArray();
        var safetyOrLiveness = violated.Where(r => r.Shards[0].Checks.Any(c => !c.Passed && c.Name is
            CheckOutcome.Agreement or CheckOutcome.Validity or CheckOutcome.Termination)).ToArray();
        TestContext.Out.WriteLine($"{faults}: {violated.Length}/{Seeds} seeds violated a property");
        foreach (var r in violated.Take(3))
        {
            TestContext.Out.WriteLine(SeedReport.Describe(r));
        }
        Assert.That(safetyOrLiveness, Is.Not.Empty,
            $"no seed of {Seeds} with {faults} broke agreement, validity or termination: the checker may be blind");
    }
}
