using System.Text.Json;
using DumboFL.Integration.Tests.Support;

namespace DumboFL.Integration.Tests;

/// <summary>Four node processes of one shard over loopback commit the same chain, and each ledger verifies.</summary>
[TestFixture]
public sealed class ShardAgreementTests : ClusterTest
{
    [Test]
    public async Task Four_nodes_under_load_commit_identical_blocks_that_verify_after_stopping()
    {
        var cluster = Cluster = await TestCluster.StartAsync();
        var ids = cluster.Ids;
        cluster.StartLoad(rate: 1000);
        await cluster.WaitForHeightAsync(ids, 4, TimeSpan.FromSeconds(60));
        await cluster.StopLoadAsync();

        // Without load the pools drain and, with no empty blocks, the heights stop where every node agrees.
        var settled = await Eventually.UntilAsync(
            async () => await Task.WhenAll(ids.Select(cluster.StatusAsync)),
            statuses => statuses.All(s => s.Pool == 0 && s.Height == statuses[0].Height),
            TimeSpan.FromSeconds(30),
            statuses => statuses is null ? "no status" : string.Join(", ", statuses.Select((s, i) => $"{ids[i]}: height {s.Height} pool {s.Pool}")));
        var top = settled[0].Height!.Value;

        var hashes = new Dictionary<long, string?[]>();
        for (var height = 0L; height <= top; height++)
        {
            var h = height;
            hashes[h] = await Task.WhenAll(ids.Select(id => cluster.HashAsync(id, h)));
        }
        Assert.Multiple(() =>
        {
            Assert.That(settled.Sum(s => s.CommittedEntries), Is.GreaterThan(0), "entries committed");
            foreach (var (height, atHeight) in hashes)
            {
                Assert.That(atHeight, Has.None.Null, $"every node has a block at height {height}");
                Assert.That(atHeight.Distinct().Count(), Is.EqualTo(1), $"one header hash at height {height}: {string.Join(", ", atHeight)}");
            }
        });

        var exitCodes = await cluster.Local.StopAllAsync(TimeSpan.FromSeconds(15));
        Assert.That(exitCodes.Values, Is.All.EqualTo(0), "every node exits 0 on SIGTERM");

        foreach (var id in ids)
        {
            var (code, stdout, stderr) = await DumboflBinary.RunAsync(TimeSpan.FromSeconds(60), "verify", "--data", cluster.Local.DataDirectory(id), "--json");
            using var report = JsonDocument.Parse(stdout);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(0), $"{id}: dumbofl verify exit code; stderr: {stderr}");
                Assert.That(report.RootElement.GetProperty("ok").GetBoolean(), Is.True, $"{id}: verify ok");
                Assert.That(report.RootElement.GetProperty("height").GetInt64(), Is.EqualTo(top), $"{id}: verified height");
                Assert.That(report.RootElement.GetProperty("hash").GetString(), Is.EqualTo(hashes[top][0]), $"{id}: verified head is the agreed one");
            });
        }
    }
}
