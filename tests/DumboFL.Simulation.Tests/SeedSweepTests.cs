using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

/// <summary>
/// Every property the simulator checks, over the seed sweeps: agreement, validity, termination of every
/// epoch, no honest node reported, no honest node throwing. A failing case prints its seed and the
/// <c>dumbofl sim</c> command that replays it.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SeedSweepTests
{
    [TestCaseSource(typeof(SeedSweeps), nameof(SeedSweeps.FourNodes))]
    public void Four_nodes_with_one_faulty_node_keep_every_property(Scenario scenario) => RunAndCheck(scenario);

    [TestCaseSource(typeof(SeedSweeps), nameof(SeedSweeps.SevenNodes))]
    public void Seven_nodes_with_two_faulty_nodes_keep_every_property(Scenario scenario) => RunAndCheck(scenario);

    [TestCaseSource(typeof(SeedSweeps), nameof(SeedSweeps.TenNodes))]
    public void Ten_nodes_with_three_faulty_nodes_keep_every_property(Scenario scenario) => RunAndCheck(scenario);

    private static void RunAndCheck(Scenario scenario)
    {
        var result = SimulationHarness.Run(scenario.Options);
        var shard = result.Shards.Single();
        Assert.Multiple(() =>
        {
            Assert.That(shard.Faulty, Has.Count.EqualTo(scenario.Options.F), "the sweep always runs exactly f faulty nodes");
            Assert.That(result.Failures, Is.Empty, () => SeedReport.Describe(result));
            Assert.That(shard.EpochsCommitted, Is.GreaterThanOrEqualTo((ulong)scenario.Epochs), () => SeedReport.Format(result.Options));
            if (scenario.Faults.Contains(AdversaryKind.CoinAttack))
            {
                // The attack must actually have run: coins learned early from one honest share, under the right coin ids.
                Assert.That(shard.Stat("coin_oracle_mismatches"), Is.Zero, () => "coin id drifted from the protocol's; " + SeedReport.Format(result.Options));
                Assert.That(shard.Stat("coins_learned_early"), Is.Positive, () => SeedReport.Format(result.Options));
            }
        });
    }
}
