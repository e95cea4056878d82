using System.Globalization;
using System.Text.Json;
using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

/// <summary>
/// Runs with a share of invalid entries (<c>--invalid</c>), over seeds and every adversary: every check holds,
/// valid entries are committed exactly once (the validity check), invalid ones never, and the purge and block
/// counts add up.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class InvalidLoadTests
{
    private static readonly string[] FourNodePlans = ["none", "crash:1", "equivocate:1", "garbage:1", "twins:1", "coin-attack:1"];

    private static readonly string[] SevenNodePlans = ["crash:1,garbage:1", "equivocate:2", "twins:1,coin-attack:1"];

    public static IEnumerable<Scenario> AllInvalid() => Cases(1.0, 60_000);

    public static IEnumerable<Scenario> ThirtyPercentInvalid() => Cases(0.3, 61_000);

    [TestCaseSource(nameof(AllInvalid))]
    public void With_only_invalid_entries_nothing_is_committed_and_no_block_is_built(Scenario scenario)
    {
        var result = SimulationHarness.Run(scenario.Options);
        var shard = result.Shards.Single();
        var report = SeedReport.Format(result.Options);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failures, Is.Empty, () => SeedReport.Describe(result));
            Assert.That(shard.SubmittedValid, Is.Zero);
            Assert.That(shard.CommittedEntries, Is.Zero, report);
            Assert.That(shard.Blocks, Is.Zero, report);
            Assert.That(shard.LedgerHeight, Is.Null, report);
            Assert.That(shard.Honest.Select(h => h.HeadHash), Is.All.Null);
            Assert.That(shard.EmptyBatches, Is.EqualTo((int)shard.Honest[0].EpochsCommitted), "every epoch an empty batch");
            Assert.That(shard.Purged, Is.Positive, report);
            Assert.That(shard.Refused, Is.Positive, report);
            Assert.That(shard.PurgedByReason.Select(r => r.Key), Is.SubsetOf(new[] { "malformed", "unknown_client", "future_round", "too_large", "invalid_leg", "duplicate" }));
            if (scenario.Faults.IsEmpty)
            {
                // Honest books purge or refuse every submission (shared entries twice), and nothing invalid reaches a batch.
                Assert.That(shard.Purged + shard.Refused, Is.EqualTo(Submissions(result.Options)), report);
                Assert.That(shard.PurgedAtCommit, Is.Zero, report);
            }
        });
    }

    [TestCaseSource(nameof(ThirtyPercentInvalid))]
    public void With_a_third_invalid_every_valid_entry_is_committed_exactly_once(Scenario scenario)
    {
        var result = SimulationHarness.Run(scenario.Options);
        var shard = result.Shards.Single();
        var report = SeedReport.Format(result.Options);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failures, Is.Empty, () => SeedReport.Describe(result));
            Assert.That(shard.Checks.Single(c => c.Name == CheckOutcome.Validity).Passed, Is.True);
            Assert.That(shard.SubmittedValid, Is.Positive.And.LessThan(shard.SubmittedEntries));
            // Valid entries given to Byzantine nodes may be committed too.
            Assert.That(shard.CommittedEntries, Is.GreaterThanOrEqualTo(shard.SubmittedValid), report);
            Assert.That(shard.DuplicateEntries, Is.Zero, report);
            Assert.That(shard.Purged, Is.Positive, report);
            Assert.That(shard.Blocks, Is.Positive, report);
            Assert.That(shard.LedgerHeight, Is.EqualTo((ulong)(shard.Blocks - 1)));
            Assert.That(shard.Blocks + shard.EmptyBatches, Is.EqualTo((int)shard.Honest[0].EpochsCommitted), report);
            Assert.That(shard.Honest.Select(h => h.HeadHash).Distinct().Count(), Is.EqualTo(1), "one head for every honest node");
            if (scenario.Faults.IsEmpty)
            {
                Assert.That(shard.CommittedEntries, Is.EqualTo(shard.SubmittedValid), report);
                Assert.That(shard.Purged + shard.Refused, Is.EqualTo(Submissions(result.Options) - shard.SubmittedValid - SharedValid(result.Options)), report);
            }
        });
    }

    [Test]
    public void Acceptance_all_invalid_from_the_command_line()
    {
        var run = CliRun.Of("sim", "--nodes", "4", "--epochs", "10", "--invalid", "1.0", "--seed", "1", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
        var shard = JsonDocument.Parse(run.Out).RootElement.GetProperty("shards")[0];
        Assert.Multiple(() =>
        {
            Assert.That(shard.GetProperty("committed_entries").GetInt32(), Is.Zero);
            Assert.That(shard.GetProperty("purged").GetInt64(), Is.Positive);
            Assert.That(shard.GetProperty("blocks").GetInt32(), Is.Zero);
            Assert.That(shard.GetProperty("ledger_height").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(shard.GetProperty("empty_batches").GetInt32(), Is.EqualTo(shard.GetProperty("epochs").GetInt32()));
            Assert.That(shard.GetProperty("checks").GetProperty("no_empty_blocks").GetBoolean(), Is.True);
        });
    }

    [Test]
    public void Acceptance_a_third_invalid_from_the_command_line()
    {
        var run = CliRun.Of("sim", "--nodes", "4", "--epochs", "10", "--invalid", "0.3", "--seed", "1", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
        var root = JsonDocument.Parse(run.Out).RootElement;
        var shard = root.GetProperty("shards")[0];
        var reasons = shard.GetProperty("purged_by_reason").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("invalid").GetDouble(), Is.EqualTo(0.3));
            Assert.That(root.GetProperty("replay").GetString(), Does.Contain("--invalid 0.3"));
            Assert.That(shard.GetProperty("checks").GetProperty("validity").GetBoolean(), Is.True);
            Assert.That(shard.GetProperty("committed_entries").GetInt32(), Is.EqualTo(shard.GetProperty("submitted_valid").GetInt32()).And.Positive);
            Assert.That(shard.GetProperty("purged").GetInt64(), Is.EqualTo(reasons.Values.Sum()).And.Positive);
            Assert.That(shard.GetProperty("purged").GetInt64(),
                Is.EqualTo(shard.GetProperty("purged_at_cut").GetInt64() + shard.GetProperty("purged_at_commit").GetInt64()));
            Assert.That(reasons.Keys, Is.SupersetOf(new[] { "unknown_client", "future_round", "too_large", "invalid_leg" }));
            Assert.That(shard.GetProperty("refused").GetInt64(), Is.Positive);
            Assert.That(shard.GetProperty("blocks").GetInt32(), Is.EqualTo(shard.GetProperty("ledger_height").GetInt32() + 1));
            Assert.That(shard.GetProperty("head_hashes").EnumerateArray().Select(h => h.GetString()).Distinct().Single(), Does.Match("^[0-9a-f]{64}$"));
        });
    }

    private static IEnumerable<Scenario> Cases(double invalid, ulong offset)
    {
        // E = 3, B = 16 (n = 4) and E = 2, B = 35 (n = 7) give each node 13 and 11 invalid entries at 1.0: every kind of the mix occurs, undecodable included.
        var four = Enumerable.Range(0, 2 * FourNodePlans.Length).Select(i =>
            new Scenario(4, FaultPlan.Parse(FourNodePlans[i % FourNodePlans.Length]), SeedSweeps.SeedBase + offset + (ulong)i, 3, 16, invalid));
        var seven = SevenNodePlans.Select((plan, i) =>
            new Scenario(7, FaultPlan.Parse(plan), SeedSweeps.SeedBase + offset + 100 + (ulong)i, 2, 35, invalid));
        return four.Concat(seven);
    }

    /// <summary>Submissions to all nodes, counting an entry shared by two nodes twice (what honest books see without faults).</summary>
    private static long Submissions(SimulationOptions options)
    {
        var load = ItemLoad.Create(options.Nodes, 0, options.Epochs, options.Batch, options.TxSize, SeedDerivation.Derive(options.Seed, "shard", 0), options.Invalid);
        return Enumerable.Range(0, options.Nodes).Sum(n => (long)load.ItemsOf(n).Count);
    }

    /// <summary>Valid entries submitted to two nodes: the second copy is neither committed again nor purged, it just leaves the book.</summary>
    private static long SharedValid(SimulationOptions options)
    {
        var load = ItemLoad.Create(options.Nodes, 0, options.Epochs, options.Batch, options.TxSize, SeedDerivation.Derive(options.Seed, "shard", 0), options.Invalid);
        var counts = Enumerable.Range(0, options.Nodes).SelectMany(load.ItemsOf)
            .Where(i => load.ExpectationOf(i) == Expectation.Commit)
            .GroupBy(i => Convert.ToHexString(i), StringComparer.Ordinal);
        return counts.Sum(g => (long)g.Count() - 1);
    }
}
