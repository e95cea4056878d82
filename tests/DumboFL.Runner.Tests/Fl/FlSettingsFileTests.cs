using DumboFL.Learning.Aggregation;
using DumboFL.Learning.Rounds;
using DumboFL.Learning.Swarm;
using DumboFL.Runner.Fl;

namespace DumboFL.Runner.Tests.Fl;

public class FlSettingsFileTests
{
    [Test]
    public void Every_setting_survives_the_file()
    {
        using var dir = new TempDirectory();
        var settings = new FlSettings
        {
            Rounds = 7, Model = "softmax", Hidden = 9, Dataset = "csv:/data/x.csv", Alpha = 0.3, Seed = -4, Noise = 1.5, Epochs = 3,
            BatchSize = 16, LearningRate = 0.05f, ChunkSize = 4096, Aggregator = AggregatorKind.Krum, VouchGraceMs = 250,
            Topology = TopologyKind.Ring, Degree = 4, EdgeFile = "/e.txt", CorruptPeers = ["0-3", "1-3"],
        };
        var path = dir.Combine("fl.json");
        FlSettingsFile.Write(path, settings);
        var read = FlSettingsFile.Load(path);
        Assert.That(read with { CorruptPeers = settings.CorruptPeers }, Is.EqualTo(settings));
        Assert.That(read.CorruptPeers, Is.EqualTo(settings.CorruptPeers));
    }

    [TestCase("[1,2]", "not a JSON object")]
    [TestCase("{\"rounds\": 0}", "'rounds' must be at least 1")]
    [TestCase("{\"rounds\": \"five\"}", "fl.json")]
    [TestCase("{\"aggregator\": \"mean\"}", "unknown aggregator 'mean'")]
    [TestCase("{\"topology\": \"3\"}", "unknown topology '3'")]
    [TestCase("{\"vouch_grace_ms\": -1}", "'vouch_grace_ms' must be at least 0")]
    [TestCase("{", "fl.json")]
    public void A_bad_file_is_refused_with_what_is_wrong(string text, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("fl.json");
        File.WriteAllText(path, text);
        var error = Assert.Throws<InvalidDataException>(() => FlSettingsFile.Load(path));
        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void A_missing_file_is_refused_with_its_path()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<InvalidDataException>(() => FlSettingsFile.Load(dir.Combine("absent.json")));
        Assert.That(error!.Message, Does.Contain("absent.json"));
    }

    [Test]
    public void The_cli_and_the_node_refuse_the_same_unrunnable_experiments()
    {
        var problems = new FlOptions { Settings = new FlSettings { ChunkSize = 10, Model = "cnn", Alpha = 0 } }.Validate().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.Contains("chunk size"));
            Assert.That(problems, Has.Some.Contains("unknown model 'cnn'"));
            Assert.That(problems, Has.Some.Contains("alpha"));
            Assert.That(new FlOptions().Validate(), Is.Empty, "the defaults run");
        });
    }

    [Test]
    public void Fl_warns_of_a_topology_one_faulty_node_can_split()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DumboFL.Runner.Commands.FlCommand.TopologyWarning(new FlOptions { Nodes = 4, Settings = new FlSettings { Topology = TopologyKind.Star } }),
                Does.Contain("0-0").And.Contain("star"));
            Assert.That(DumboFL.Runner.Commands.FlCommand.TopologyWarning(new FlOptions { Nodes = 4 }), Is.Null, "the default mesh");
            Assert.That(DumboFL.Runner.Commands.FlCommand.TopologyWarning(new FlOptions { Nodes = 7, Settings = new FlSettings { Topology = TopologyKind.Ring } }),
                Does.Contain("ring"), "f = 2 cuts a ring");
        });
    }
}
