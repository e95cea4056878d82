using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ExactlyOnceTests
{
    [TestCase(4, 101UL)]
    [TestCase(4, 102UL)]
    [TestCase(4, 103UL)]
    [TestCase(7, 104UL)]
    public void Without_faults_every_submitted_item_is_committed_exactly_once(int nodes, ulong seed)
    {
        var result = SimulationHarness.Run(new SimulationOptions { Nodes = nodes, Seed = seed, Epochs = 3, Batch = 4 * nodes });
        var shard = result.Shards.Single();
        var report = SeedReport.Format(result.Options);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failures, Is.Empty, () => SeedReport.Describe(result));
            Assert.That(shard.Honest, Has.Count.EqualTo(nodes));
            Assert.That(shard.SubmittedEntries, Is.Positive);
            // Shared items were submitted to two nodes: de-duplication must leave one copy each.
            Assert.That(shard.CommittedEntries, Is.EqualTo(shard.SubmittedEntries), report);
            Assert.That(shard.DuplicateEntries, Is.Zero, report);
            Assert.That(shard.Honest.Select(h => h.ChainDigest).Distinct().Count(), Is.EqualTo(1), report);
        });
    }
}
