using System.Text.Json;
using DumboFL.Integration.Tests.Support;
using DumboFL.Runner;
using DumboFL.Runner.Commands;
using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests;

/// <summary>
/// <c>dumbofl bench</c> end to end on a short, low-rate sweep: one JSON object with measured steps, and the nodes'
/// ledgers deleted afterwards unless <c>--keep-data</c> (a saturation bench writes gigabytes of them).
/// </summary>
[TestFixture]
public sealed class BenchCommandTests : RunDirectoryTest
{
    protected override string Purpose => "bench";

    [TestCase(false)]
    [TestCase(true)]
    public void A_short_sweep_prints_its_steps_and_removes_the_ledgers_unless_kept(bool keepData)
    {
        var options = new BenchOptions { StepSeconds = 3, StartRate = 400, MaxRate = 800, TxSize = 100, Out = Out, KeepData = keepData };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = BenchCommand.Execute(options, json: true, DumboflBinary.Executable, new CliContext(stdout, stderr, IsTerminal: false));

        TestContext.Out.WriteLine(stderr.ToString());
        using var summary = JsonDocument.Parse(stdout.ToString());
        var steps = summary.RootElement.GetProperty("steps").EnumerateArray().ToArray();
        var ledgers = Directory.Exists(Path.Combine(Out, "data"))
            ? Directory.GetFiles(Path.Combine(Out, "data"), "ledger.sqlite", SearchOption.AllDirectories)
            : [];
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), stderr.ToString());
            Assert.That(steps, Has.Length.GreaterThanOrEqualTo(2));
            Assert.That(steps.Max(s => s.GetProperty("committed_tps").GetDouble()), Is.GreaterThan(0), "something committed");
            Assert.That(ledgers, Has.Length.EqualTo(keepData ? 4 : 0), keepData ? "every node's ledger kept" : "no ledger left behind");
            Assert.That(Directory.GetFiles(Path.Combine(Out, "logs")), Has.Length.EqualTo(4), "node logs stay");
        });
    }
}
