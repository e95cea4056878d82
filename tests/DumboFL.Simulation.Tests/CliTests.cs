using System.Text.Json;
using DumboFL.Simulator;
using DumboFL.TestKit;

namespace DumboFL.Simulation.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CliTests
{
    [Test]
    public void Sim_json_prints_one_object_with_the_documented_fields()
    {
        var run = CliRun.Of("sim", "--nodes", "4", "--epochs", "2", "--batch", "8", "--seed", "11", "--faults", "equivocate:1", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        var shard = root.GetProperty("shards")[0];
        var digests = shard.GetProperty("honest_digests").EnumerateArray().Select(d => d.GetString()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("seed").GetUInt64(), Is.EqualTo(11UL));
            Assert.That(shard.GetProperty("shard").GetInt32(), Is.EqualTo(0));
            Assert.That(shard.GetProperty("nodes").GetInt32(), Is.EqualTo(4));
            Assert.That(shard.GetProperty("faulty").GetArrayLength(), Is.EqualTo(1));
            Assert.That(shard.GetProperty("epochs").GetUInt64(), Is.GreaterThanOrEqualTo(2UL));
            Assert.That(shard.GetProperty("agreement").GetBoolean(), Is.True);
            Assert.That(digests, Has.Length.EqualTo(3).And.All.Matches("^[0-9a-f]{64}$"));
            Assert.That(digests.Distinct(), Has.Exactly(1).Items);
            Assert.That(shard.GetProperty("committed_entries").GetInt32(), Is.Positive);
            Assert.That(run.Out.Trim().Split('\n'), Has.Length.EqualTo(1), "exactly one JSON object, one line");
            // The ledger's fields. No invalid entries asked for: honest books purge and refuse nothing (the equivocator's
            // extra item, if decided, is purged at commit); the equivocator's own valid entries may be committed too.
            Assert.That(root.GetProperty("invalid").GetDouble(), Is.Zero);
            Assert.That(shard.GetProperty("committed_entries").GetInt32(), Is.GreaterThanOrEqualTo(shard.GetProperty("submitted_valid").GetInt32()));
            Assert.That(shard.GetProperty("purged_at_cut").GetInt64(), Is.Zero);
            Assert.That(shard.GetProperty("purged").GetInt64(), Is.EqualTo(shard.GetProperty("purged_at_commit").GetInt64()));
            Assert.That(shard.GetProperty("refused").GetInt64(), Is.Zero);
            Assert.That(shard.GetProperty("blocks").GetInt32(), Is.Positive);
            Assert.That(shard.GetProperty("blocks").GetInt32() + shard.GetProperty("empty_batches").GetInt32(), Is.GreaterThanOrEqualTo(2));
            Assert.That(shard.GetProperty("ledger_height").GetInt32(), Is.EqualTo(shard.GetProperty("blocks").GetInt32() - 1));
            Assert.That(shard.GetProperty("head_hashes").EnumerateArray().Select(h => h.GetString()), Has.Exactly(3).Items.And.All.Matches("^[0-9a-f]{64}$"));
            Assert.That(shard.GetProperty("checks").GetProperty("no_empty_blocks").GetBoolean(), Is.True);
        });
    }

    [Test]
    public void Sim_json_is_the_same_for_the_same_seed()
    {
        string[] args = ["sim", "--nodes", "4", "--epochs", "2", "--batch", "8", "--seed", "12", "--faults", "garbage:1", "--json"];
        var first = JsonDocument.Parse(CliRun.Of(args).Out).RootElement.GetProperty("shards")[0];
        var second = JsonDocument.Parse(CliRun.Of(args).Out).RootElement.GetProperty("shards")[0];
        Assert.That(second.GetProperty("honest_digests").ToString(), Is.EqualTo(first.GetProperty("honest_digests").ToString()));
    }

    [Test]
    public void Sim_without_json_prints_a_summary_table()
    {
        var run = CliRun.Of("sim", "--nodes", "4", "--epochs", "2", "--batch", "8", "--seed", "13", "--faults", "crash:1");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString);
            Assert.That(run.Out, Does.Contain("seed 13").And.Contain("all checks hold").And.Contain("agreement"));
            Assert.That(run.Out, Does.Contain("replay: dumbofl sim --nodes 4 --epochs 2 --batch 8 --seed 13 --faults crash:1"));
        });
    }

    [Test]
    public void Demo_refuses_an_unknown_option_before_starting_anything()
    {
        var run = CliRun.Of("demo", "--nodes", "7");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString);
            Assert.That(run.Error, Does.Contain("--nodes"));
        });
    }

    [TestCase(new[] { "sim", "--faults", "foo:1" }, "unknown fault kind 'foo'")]
    [TestCase(new[] { "sim", "--faults", "crash" }, "KIND:COUNT")]
    [TestCase(new[] { "sim", "--nodes", "0" }, "--nodes must be between 1")]
    [TestCase(new[] { "sim", "--nodes", "abc" }, "abc")]
    [TestCase(new[] { "sim", "--nodes", "4", "--faults", "crash:4" }, "at least one must be honest")]
    [TestCase(new[] { "sim", "--epochs", "0" }, "--epochs must be between 1")]
    [TestCase(new[] { "sim", "--tx-size", "4" }, "--tx-size must be between 8")]
    [TestCase(new[] { "sim", "--invalid", "1.5" }, "--invalid must be a fraction between 0 and 1, got 1.5")]
    [TestCase(new[] { "sim", "--invalid", "NaN" }, "--invalid must be a fraction between 0 and 1")]
    [TestCase(new[] { "sim", "--invalid", "lots" }, "lots")]
    [TestCase(new[] { "sim", "--bogus" }, "--bogus")]
    [TestCase(new[] { "frobnicate" }, "frobnicate")]
    [TestCase(new string[0], "Required command")]
    public void Bad_arguments_exit_2_with_a_clear_message(string[] args, string expected)
    {
        var run = CliRun.Of(args);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString);
            Assert.That(run.Error, Does.Contain(expected));
            Assert.That(run.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(run.Out, Is.Empty);
        });
    }

    [Test]
    public void Help_lists_the_commands()
    {
        var run = CliRun.Of("--help");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0));
            Assert.That(run.Out, Does.Contain("sim").And.Contain("demo"));
        });
    }

    [Test]
    public void More_faulty_nodes_than_f_run_with_a_warning()
    {
        var run = CliRun.Of("sim", "--nodes", "4", "--epochs", "2", "--batch", "8", "--seed", "14", "--faults", "crash:2", "--json");
        Assert.Multiple(() =>
        {
            Assert.That(run.Error, Does.Contain("warning: 2 faulty nodes exceed f = 1"));
            Assert.That(run.ExitCode, Is.AnyOf(0, 1), run.ToString);
            Assert.That(() => JsonDocument.Parse(run.Out), Throws.Nothing);
        });
    }

    [Test]
    public void A_failed_check_exits_1_and_names_the_seed_even_with_json()
    {
        // Find a seed whose run breaks (f+1 twins), then check the CLI reports it.
        var failing = Enumerable.Range(0, 30).Select(i => 50_000UL + (ulong)i)
            .First(seed => !SimulationHarness.Run(new SimulationOptions
            {
                Nodes = 4, Seed = seed, Faults = FaultPlan.Of(AdversaryKind.Twins, 2), Epochs = 2, Batch = 8,
            }).Passed);
        var run = CliRun.Of("sim", "--nodes", "4", "--epochs", "2", "--batch", "8", "--seed", failing.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--faults", "twins:2", "--json");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString);
            Assert.That(run.Error, Does.Contain($"seed {failing}").And.Contain("FAILED"));
            Assert.That(JsonDocument.Parse(run.Out).RootElement.GetProperty("passed").GetBoolean(), Is.False);
        });
    }
}
