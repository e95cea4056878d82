using DumboFL.Integration.Tests.Support;

namespace DumboFL.Integration.Tests;

/// <summary>A SIGKILLed node does not stop its shard (n = 4, f = 1), and restarted on its data directory it catches up.</summary>
[TestFixture]
public sealed class CrashRecoveryTests : ClusterTest
{
    [Test]
    public async Task Shard_keeps_committing_without_a_killed_node_which_catches_up_after_restart()
    {
        var cluster = Cluster = await TestCluster.StartAsync();
        const string victim = "0-3";
        var others = cluster.Ids.Where(id => id != victim).ToArray();
        cluster.StartLoad(rate: 1000);
        await cluster.WaitForHeightAsync(cluster.Ids, 2, TimeSpan.FromSeconds(60));

        cluster.Local.Kill(victim);
        await cluster.Local.Process(victim)!.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        var atKill = (await cluster.HeightsAsync(others)).Values.Max();

        // The three survivors are n − f: they must go on committing new blocks.
        var grown = await cluster.WaitForHeightAsync(others, atKill + 3, TimeSpan.FromSeconds(60));
        Assert.That(cluster.Local.IsAlive(victim), Is.False, "the killed node stays dead meanwhile");

        cluster.Local.Start(victim);
        await cluster.Local.WaitReadyAsync(victim, TestCluster.StartDeadline, CancellationToken.None);
        var target = grown.Values.Min();
        var caughtUp = await Eventually.UntilAsync(
            () => cluster.HeightAsync(victim), height => height >= target, TimeSpan.FromSeconds(90),
            height => $"restarted {victim} at height {height}, the others were at {target} when it restarted");

        var theirs = await cluster.HashAsync(others[0], target);
        var its = await cluster.HashAsync(victim, target);
        Assert.Multiple(() =>
        {
            Assert.That(caughtUp, Is.GreaterThanOrEqualTo(target));
            Assert.That(its, Is.Not.Null.And.EqualTo(theirs), $"the restarted node's block at height {target} is the shard's");
        });

        // And it takes part again: with load still running, its height keeps pace with the shard's.
        var later = await cluster.WaitForHeightAsync(cluster.Ids, caughtUp + 2, TimeSpan.FromSeconds(60));
        Assert.That(later[victim], Is.GreaterThanOrEqualTo(caughtUp + 2));
    }
}
