using System.Text.Json;
using DumboFL.Integration.Tests.Support;
using DumboFL.Runner;
using DumboFL.Runner.Commands;
using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests;

/// <summary>
/// <c>dumbofl launch</c> end to end: the launcher runs in the test process, its nodes are real processes of the
/// built dumbofl. One node is SIGKILLed mid-run; the JSON summary must show the shard committing and agreeing.
/// </summary>
[TestFixture]
public sealed class LaunchCommandTests : RunDirectoryTest
{
    protected override string Purpose => "launch";

    [Test]
    public async Task Launch_with_a_killed_node_commits_agrees_and_prints_one_json_summary()
    {
        var options = new LaunchOptions
        {
            Shards = 1,
            Nodes = 4,
            Duration = 12,
            Rate = 1000,
            TxSize = 120,
            Invalid = 0.1,
            Kills = [new KillPlan("0-3", 4)],
            Out = Out,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = LaunchCommand.Execute(options, json: true, DumboflBinary.Executable, new CliContext(stdout, stderr, IsTerminal: false));
        TestContext.Out.WriteLine(stderr.ToString());

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "exactly one line (one JSON object) on stdout");
        using var summary = JsonDocument.Parse(lines[0]);
        var root = summary.RootElement;
        var shard = root.GetProperty("shards")[0];
        var heights = shard.GetProperty("heights");
        long Height(string id) => heights.GetProperty(id).ValueKind == JsonValueKind.Number ? heights.GetProperty(id).GetInt64() : -1;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), $"exit code; stderr: {stderr}");
            Assert.That(shard.GetProperty("agreement").GetBoolean(), Is.True, "agreement");
            Assert.That(shard.GetProperty("committed_tx").GetInt64(), Is.GreaterThan(0), "committed_tx");
            Assert.That(shard.GetProperty("tps").GetDouble(), Is.GreaterThan(0), "tps");
            Assert.That(shard.GetProperty("latency_ms").GetProperty("p50").ValueKind, Is.EqualTo(JsonValueKind.Number), "p50");
            Assert.That(shard.GetProperty("latency_ms").GetProperty("p99").ValueKind, Is.EqualTo(JsonValueKind.Number), "p99");
            Assert.That(shard.GetProperty("commits_after_kill").GetBoolean(), Is.True, "still commits after the kill");
            Assert.That(new[] { "0-0", "0-1", "0-2" }.Select(Height), Is.All.GreaterThan(Height("0-3")), "the survivors went past the killed node");
            Assert.That(root.GetProperty("refused").GetInt64(), Is.GreaterThan(0), "a tenth of the load was invalid and refused");
            Assert.That(root.GetProperty("data_dirs").EnumerateObject().Select(p => p.Value.GetString()), Has.All.Matches<string>(Directory.Exists));
            Assert.That(new[] { "0-0", "0-1", "0-2" }.Select(id => root.GetProperty("exit_codes").GetProperty(id).GetInt32()), Is.All.EqualTo(0), "clean exits on SIGTERM");
        });

        var (verify, report, error) = await DumboflBinary.RunAsync(TimeSpan.FromSeconds(60), "verify", "--data",
            root.GetProperty("data_dirs").GetProperty("0-0").GetString()!, "--json");
        Assert.That(verify, Is.EqualTo(0), $"dumbofl verify of 0-0 after the launch: {report} {error}");
    }
}
