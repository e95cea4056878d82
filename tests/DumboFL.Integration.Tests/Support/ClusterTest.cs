namespace DumboFL.Integration.Tests.Support;

/// <summary>A test that starts its own cluster: whatever happens in the test, every node process is stopped after it.</summary>
public abstract class ClusterTest
{
    protected TestCluster? Cluster { get; set; }

    [TearDown]
    public async Task StopCluster()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
            Cluster = null;
        }
    }
}
