using System.Text.Json;
using DumboFL.Integration.Tests.Support;
using DumboFL.Learning.Rounds;
using DumboFL.Runner;
using DumboFL.Runner.Commands;
using DumboFL.Runner.Fl;

namespace DumboFL.Integration.Tests;

/// <summary>
/// <c>dumbofl fl</c> end to end over four real node processes, one of them serving corrupted chunks: the honest nodes
/// reject its pieces, leave its update out, agree on every round's model and learn the task (docs/LEARNING.md).
/// </summary>
[TestFixture]
public sealed class FlCommandTests : RunDirectoryTest
{
    protected override string Purpose => "fl";

    [Test]
    public void Four_nodes_with_a_corrupt_peer_agree_on_every_round_and_learn_the_task()
    {
        var options = new FlOptions
        {
            Shards = 1,
            Nodes = 4,
            Settings = new FlSettings { Rounds = 4 },
            CorruptPeers = 1,
            Timeout = TimeSpan.FromSeconds(120),
            Out = Out,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = FlCommand.Execute(options, json: true, DumboflBinary.Executable, new CliContext(stdout, stderr, IsTerminal: false));
        TestContext.Out.WriteLine(stderr.ToString());

        using var summary = JsonDocument.Parse(stdout.ToString());
        var root = summary.RootElement;
        var rounds = root.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), $"exit code; stderr: {stderr}");
            Assert.That(rounds, Has.Count.EqualTo(4));
            Assert.That(root.GetProperty("corrupt_peers").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "0-3" }));
            foreach (var round in rounds)
            {
                var honest = round.GetProperty("global_model_hashes").EnumerateObject().Where(p => p.Name != "0-3").Select(p => p.Value.GetString()).ToList();
                Assert.That(honest, Has.Count.EqualTo(3), round.ToString());
                Assert.That(honest.Distinct().Count(), Is.EqualTo(1), round.ToString());
                Assert.That(round.GetProperty("participants").EnumerateArray().Select(p => p.GetString()), Does.Not.Contain("0-3"), round.ToString());
            }
            Assert.That(root.GetProperty("chunks_rejected").GetInt64(), Is.GreaterThan(0));
            Assert.That(rounds[^1].GetProperty("accuracy").GetDouble(), Is.GreaterThanOrEqualTo(0.85));
            Assert.That(File.Exists(Path.Combine(Out, FlOutputs.CsvFile)) && File.Exists(Path.Combine(Out, FlOutputs.PlotFile)), Is.True, "rounds.csv and accuracy.svg");
        });
    }
}
