using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DeterminismTests
{
    [TestCase("none")]
    [TestCase("garbage:1")]
    [TestCase("twins:1")]
    [TestCase("coin-attack:1")]
    public void Same_seed_replays_the_same_run(string faults)
    {
        var options = new SimulationOptions { Nodes = 4, Seed = 77, Faults = FaultPlan.Parse(faults), Epochs = 2, Batch = 8 };
        var first = SimulationHarness.Run(options).Shards.Single();
        // Fresh node keys the second time: signature bytes must not steer the run.
        var second = Simulator.Simulation.Run(options).Shards.Single();
        Assert.Multiple(() =>
        {
            Assert.That(second.FaultyIds, Is.EqualTo(first.FaultyIds));
            Assert.That(second.Honest.Select(h => h.ChainDigest), Is.EqualTo(first.Honest.Select(h => h.ChainDigest)));
            Assert.That(second.MessagesDelivered, Is.EqualTo(first.MessagesDelivered));
            Assert.That(second.SimulatedTime, Is.EqualTo(first.SimulatedTime));
            Assert.That(second.EpochsCommitted, Is.EqualTo(first.EpochsCommitted));
        });
    }

    [TestCase("none")]
    [TestCase("garbage:1")]
    public void Same_seed_replays_the_same_ledger_with_invalid_entries(string faults)
    {
        var options = new SimulationOptions { Nodes = 4, Seed = 78, Faults = FaultPlan.Parse(faults), Epochs = 3, Batch = 16, Invalid = 0.3 };
        var first = SimulationHarness.Run(options).Shards.Single();
        var second = SimulationHarness.Run(options).Shards.Single();
        Assert.Multiple(() =>
        {
            Assert.That(first.Passed, Is.True, () => string.Join("; ", first.Failures));
            Assert.That(second.Honest.Select(h => h.HeadHash), Is.EqualTo(first.Honest.Select(h => h.HeadHash)));
            Assert.That(second.Blocks, Is.EqualTo(first.Blocks).And.Positive);
            Assert.That(second.PurgedByReason, Is.EqualTo(first.PurgedByReason));
            Assert.That(second.PurgedAtCut, Is.EqualTo(first.PurgedAtCut));
            Assert.That(second.PurgedAtCommit, Is.EqualTo(first.PurgedAtCommit));
        });
    }

    [Test]
    public void Different_seeds_give_different_runs()
    {
        var a = SimulationHarness.Run(4, 1, FaultPlan.None).Shards.Single();
        var b = SimulationHarness.Run(4, 2, FaultPlan.None).Shards.Single();
        Assert.That(b.Honest[0].ChainDigest, Is.Not.EqualTo(a.Honest[0].ChainDigest));
    }

    [Test]
    public void Shards_get_their_own_seeds()
    {
        var result = SimulationHarness.Run(new SimulationOptions { Nodes = 4, Shards = 2, Seed = 5, Epochs = 2, Batch = 8 });
        Assert.Multiple(() =>
        {
            Assert.That(result.Shards, Has.Count.EqualTo(2));
            Assert.That(result.Passed, Is.True, () => SeedReport.Describe(result));
            Assert.That(result.Shards[1].ShardSeed, Is.Not.EqualTo(result.Shards[0].ShardSeed));
            Assert.That(result.Shards[1].Honest[0].ChainDigest, Is.Not.EqualTo(result.Shards[0].Honest[0].ChainDigest));
        });
    }
}
