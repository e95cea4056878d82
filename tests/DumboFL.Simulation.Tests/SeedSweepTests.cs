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
                // The attack must actually have run: messages steered by a coin the scheduler knew before the honest
                // nodes (round 0's public coin, or a coin learned early from one honest share), under the right coin ids.
                Assert.That(shard.Stat("coin_oracle_mismatches"), Is.Zero, () => "coin id drifted from the protocol's; " + SeedReport.Format(result.Options));
                Assert.That(shard.Stat("messages_steered"), Is.Positive, () => SeedReport.Format(result.Options));
            }
        });
    }

    /// <summary>
    /// Round 0's coin is public, so a run whose ABAs all decide there gives the attack no threshold coin to learn.
    /// Across a sweep, runs with mixed honest inputs reach later rounds: the attack must learn coins there too.
    /// </summary>
    [Test]
    public void The_coin_attack_learns_threshold_coins_early_in_part_of_the_sweep()
    {
        var scenarios = SeedSweeps.FourNodes().Concat(SeedSweeps.SevenNodes())
            .Where(s => s.Faults.Contains(AdversaryKind.CoinAttack)).Take(30).ToArray();
        var learned = scenarios.Count(s => SimulationHarness.Run(s.Options).Shards.Single().Stat("coins_learned_early") > 0);

        Assert.That(learned, Is.GreaterThan(0), $"none of {scenarios.Length} coin-attack runs (seeds {scenarios[0].Options.Seed}…) learned a threshold coin early");
    }
}
