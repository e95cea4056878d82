namespace DumboFL.Runner.Tests.Cluster;

/// <summary>Removes the shared generated cluster after every test of this namespace has run.</summary>
[SetUpFixture]
public sealed class ClusterTestsCleanup
{
    [OneTimeTearDown]
    public void RemoveSharedCluster() => GeneratedCluster.Cleanup();
}
