using System.Text.Json;
using DumboFL.Integration.Tests.Support;
using DumboFL.Learning.Swarm;
using DumboFL.Runner;
using DumboFL.Runner.Commands;
using DumboFL.Runner.SwarmBench;

namespace DumboFL.Integration.Tests;

/// <summary>
/// <c>dumbofl bench swarm</c> end to end on a small update: four <c>swarm-peer</c> processes on the real transport, a
/// ring, one run. Every receiver ends holding every chunk, the request overhead is near one per chunk, the chunk stores
/// are gone afterwards; and bad arguments stop it before anything starts.
/// </summary>
[TestFixture]
public sealed class SwarmBenchCommandTests : RunDirectoryTest
{
    protected override string Purpose => "swarm";

    [Test]
    public void A_small_update_reaches_every_peer_of_a_ring_with_about_one_request_per_chunk()
    {
        var options = new SwarmBenchOptions
        {
            SizeMib = 2, WarmupMib = 1, Nodes = 4, Runs = 1, Topologies = [TopologyKind.Ring], LoopbackMib = 16, TimeoutSeconds = 60, Out = Out,
        };
        var chunks = (int)(options.SizeBytes / options.ChunkSize);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = SwarmBenchCommand.Execute(options, json: true, DumboflBinary.Executable, new CliContext(stdout, stderr, IsTerminal: false));

        TestContext.Out.WriteLine(stderr.ToString());
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), stderr.ToString());
        using var summary = JsonDocument.Parse(stdout.ToString());
        var ring = summary.RootElement.GetProperty("topologies").EnumerateArray().Single();
        var run = ring.GetProperty("runs").EnumerateArray().Single();
        var peers = run.GetProperty("peers").EnumerateArray().ToArray();
        var receivers = peers.Where(p => !p.GetProperty("source").GetBoolean()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ring.GetProperty("topology").GetString(), Is.EqualTo("ring"));
            Assert.That(peers.Select(p => p.GetProperty("id").GetString()), Is.EqualTo(new[] { "0-0", "0-1", "0-2", "0-3" }));
            Assert.That(receivers, Has.Length.EqualTo(3));
            Assert.That(receivers.Select(p => p.GetProperty("pieces_accepted").GetInt64()), Is.All.EqualTo(chunks),
                "every receiver stored every chunk of the timed update, each once (the warm-up's not counted)");
            Assert.That(run.GetProperty("warmup_ms").GetDouble(), Is.Positive);
            Assert.That(receivers.Select(p => p.GetProperty("pieces_rejected").GetInt64()), Is.All.Zero);
            Assert.That(peers.Select(p => p.GetProperty("done_ms").GetDouble()), Is.All.Positive.And.All.LessThanOrEqualTo(run.GetProperty("spread_ms").GetDouble()));
            Assert.That(ring.GetProperty("requests_per_chunk").GetDouble(), Is.InRange(1.0, 1.5));
            Assert.That(ring.GetProperty("ratio").GetDouble(), Is.Positive);
            Assert.That(peers.Select(p => p.GetProperty("peak_rss_mib").GetDouble()), Is.All.GreaterThanOrEqualTo(peers.Min(p => p.GetProperty("idle_rss_mib").GetDouble())));
            Assert.That(Directory.Exists(Path.Combine(Out, "ring-1", "data")), Is.False, "chunk stores deleted after the run");
            Assert.That(Directory.GetFiles(Path.Combine(Out, "ring-1", "logs")), Has.Length.EqualTo(4), "peer logs stay");
        });
    }

    [TestCase("bench swarm --topology hex", "unknown topology 'hex'")]
    [TestCase("bench swarm --topology custom", "unknown topology 'custom'")]
    [TestCase("bench swarm --topology ring,ring", "twice")]
    [TestCase("bench swarm --size-mib 0", "--size-mib")]
    [TestCase("bench swarm --nodes 3", "--nodes")]
    [TestCase("bench swarm --runs 0", "--runs")]
    [TestCase("bench swarm --timeout -5", "--timeout")]
    public void Bad_arguments_exit_2_naming_the_problem(string commandLine, string named)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Cli.Run(commandLine.Split(' '), new CliContext(stdout, stderr, IsTerminal: false));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadArguments));
            Assert.That(stderr.ToString(), Does.Contain(named));
            Assert.That(stderr.ToString(), Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void The_peer_command_is_internal_and_hidden_from_help()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Cli.Run(["--help"], new CliContext(stdout, stderr, IsTerminal: false));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Ok));
            Assert.That(stdout.ToString(), Does.Contain("bench").And.Not.Contain("swarm-peer"));
        });
    }
}
