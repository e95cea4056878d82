using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

/// <summary>
/// Cross-shard transactions over K shards of four nodes, one Byzantine node in each shard, invalid legs in the load
/// (docs/CROSS_SHARD.md): no violation (no tx committed twice, committed and aborted, or lost), every tx ends committed
/// or aborted once the run drains, and each shard keeps every single-shard property. A failure prints its replay.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CrossShardSimulationTests
{
    private static readonly string[] Plans = ["crash:1", "equivocate:1", "garbage:1", "twins:1", "coin-attack:1"];

    public static IEnumerable<TestCaseData> Sweep() =>
        new[] { 2, 3 }.SelectMany(shards => Enumerable.Range(0, 100).Select(i =>
            new TestCaseData(shards, (ulong)(40_000 + (shards * 1000) + i), Plans[i % Plans.Length])
                .SetName($"K={shards} seed {40_000 + (shards * 1000) + i} {Plans[i % Plans.Length]}")));

    [TestCaseSource(nameof(Sweep))]
    public void Every_cross_shard_tx_ends_committed_exactly_once_or_aborted_everywhere(int shards, ulong seed, string faults)
    {
        var options = new SimulationOptions
        {
            Nodes = 4,
            Shards = shards,
            Seed = seed,
            Faults = FaultPlan.Parse(faults),
            Epochs = 4,
            Batch = 12,
            Invalid = 0.15,
            CrossShard = 0.3,
        };
        var result = SimulationHarness.Run(options);
        var cross = result.CrossShard!;

        Assert.Multiple(() =>
        {
            Assert.That(result.Failures, Is.Empty, () => SeedReport.Describe(result));
            Assert.That(cross.Submitted, Is.GreaterThan(0), () => SeedReport.Format(options));
            Assert.That(cross.Pending, Is.Zero, () => "the run drained with txs still pending; " + SeedReport.Format(options));
            Assert.That(cross.Committed + cross.Aborted, Is.EqualTo(cross.Submitted), () => SeedReport.Format(options));
        });
    }

    [Test]
    public void A_sweep_both_commits_and_aborts_cross_shard_txs()
    {
        // The property test above holds trivially if every tx aborts (or none has an invalid leg): check both happen.
        var results = Enumerable.Range(0, 6).Select(i => SimulationHarness.Run(new SimulationOptions
        {
            Nodes = 4, Shards = 2 + (i % 2), Seed = (ulong)(50_000 + i), Faults = FaultPlan.Parse("crash:1"),
            Epochs = 4, Batch = 12, Invalid = 0.15, CrossShard = 0.3,
        }).CrossShard!).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(results.Sum(r => r.Committed), Is.GreaterThan(0));
            Assert.That(results.Sum(r => r.Aborted), Is.GreaterThan(0));
            Assert.That(results.Sum(r => r.MessagesDelivered), Is.GreaterThan(0));
        });
    }

    [Test]
    public void The_same_seed_replays_the_same_cross_shard_run()
    {
        var options = new SimulationOptions
        {
            Nodes = 4, Shards = 3, Seed = 777, Faults = FaultPlan.Parse("garbage:1"), Epochs = 3, Batch = 12, Invalid = 0.2, CrossShard = 0.3,
        };
        var first = SimulationHarness.Run(options);
        var second = SimulationHarness.Run(options);

        Assert.Multiple(() =>
        {
            Assert.That(second.CrossShard, Is.EqualTo(first.CrossShard).Using<CrossShardReport>((a, b) =>
                a.Submitted == b.Submitted && a.Committed == b.Committed && a.Aborted == b.Aborted && a.MessagesDelivered == b.MessagesDelivered));
            Assert.That(second.Shards.Select(s => s.MessagesDelivered), Is.EqualTo(first.Shards.Select(s => s.MessagesDelivered)));
        });
    }

    [Test]
    public void Cross_shard_load_needs_two_shards_and_a_fraction_in_range()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new SimulationOptions { Shards = 1, CrossShard = 0.1 }.Validate(), Has.One.Contains("at least two shards"));
            Assert.That(new SimulationOptions { Shards = 2, CrossShard = 1.5 }.Validate(), Has.One.Contains("--cross-shard"));
            Assert.That(new SimulationOptions { Shards = 2, CrossShard = 0.5 }.Validate(), Is.Empty);
        });
    }
}
