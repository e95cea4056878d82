using DumboFL.Runner.Launch;

namespace DumboFL.Runner.Tests.Launch;

public class ClusterLayoutTests
{
    [Test]
    public void Fresh_keys_are_refused_in_a_run_directory_that_holds_node_data()
    {
        using var run = new TempDirectory();
        var first = ClusterLayout.Generate(run.Path, 1, 4);
        Assert.That(first.NodeIds, Has.Count.EqualTo(4));
        // An empty data directory is fine: nothing would be resumed under new keys.
        Directory.CreateDirectory(run.Combine("data"));
        Assert.That(ClusterLayout.Generate(run.Path, 1, 4).NodeIds, Has.Count.EqualTo(4));

        Directory.CreateDirectory(run.Combine("data", "0-0"));
        var refused = Assert.Throws<InvalidOperationException>(() => ClusterLayout.Generate(run.Path, 1, 4));
        Assert.That(refused!.Message, Does.Contain("earlier run").And.Contain("--out"));
    }
}
