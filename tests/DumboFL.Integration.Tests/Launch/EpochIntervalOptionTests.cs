using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests.Launch;

public sealed class EpochIntervalOptionTests
{
    [Test]
    public void The_interval_reaches_every_node_command_only_when_given()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ClusterLayout.NodeArguments(8000, 0), Is.EqualTo(new[] { "--batch", "8000", "--epoch-interval", "0" }));
            Assert.That(ClusterLayout.NodeArguments(null, 250), Is.EqualTo(new[] { "--epoch-interval", "250" }));
            Assert.That(ClusterLayout.NodeArguments(null), Is.Empty, "the node's own default applies");
        });
    }

    [TestCase(-1)]
    [TestCase(60_001)]
    public void An_interval_out_of_range_is_refused_with_its_value(int milliseconds)
    {
        var errors = new LaunchOptions { EpochIntervalMs = milliseconds }.Validate();

        Assert.That(errors, Has.One.Contains("--epoch-interval").And.Contains(milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void The_bench_command_line_names_the_interval()
    {
        Assert.That(BenchJson.CommandLine(new BenchOptions { EpochIntervalMs = 0 }), Does.Contain("--epoch-interval 0"));
    }
}
