using System.Text.Json;
using DumboFL.Integration.Tests.Support;
using DumboFL.Runner;
using DumboFL.Runner.Commands;
using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests;

/// <summary>
/// <c>dumbofl launch --shards 2 --cross-shard</c> end to end over eight real node processes: cross-shard txs with invalid
/// legs commit or abort, none is lost, none both, and both shards keep agreeing (docs/CROSS_SHARD.md).
/// </summary>
[TestFixture]
public sealed class CrossShardLaunchTests : RunDirectoryTest
{
    protected override string Purpose => "cross-shard";

    [Test]
    public void Two_shards_commit_and_abort_cross_shard_txs_without_a_violation()
    {
        var options = new LaunchOptions
        {
            Shards = 2,
            Nodes = 4,
            Duration = 12,
            Rate = 600,
            TxSize = 120,
            Invalid = 0.15,
            CrossShard = 0.3,
            Out = Out,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = LaunchCommand.Execute(options, json: true, DumboflBinary.Executable, new CliContext(stdout, stderr, IsTerminal: false));
        TestContext.Out.WriteLine(stderr.ToString());

        using var summary = JsonDocument.Parse(stdout.ToString());
        var root = summary.RootElement;
        var cross = root.GetProperty("cross_shard");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), $"exit code; stderr: {stderr}");
            Assert.That(cross.GetProperty("violations").GetInt32(), Is.Zero, cross.ToString());
            Assert.That(cross.GetProperty("committed").GetInt32(), Is.GreaterThan(0), cross.ToString());
            Assert.That(cross.GetProperty("aborted").GetInt32(), Is.GreaterThan(0), cross.ToString());
            Assert.That(cross.GetProperty("pending").GetInt32(), Is.Zero, "every tx settled within the patience: " + cross);
            Assert.That(cross.GetProperty("committed").GetInt32() + cross.GetProperty("aborted").GetInt32(), Is.EqualTo(cross.GetProperty("submitted").GetInt32()));
            Assert.That(cross.GetProperty("latency_ms").GetProperty("p50").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(root.GetProperty("shards").EnumerateArray().Select(s => s.GetProperty("agreement").GetBoolean()), Is.All.True, "both shards agree");
        });
    }
}
