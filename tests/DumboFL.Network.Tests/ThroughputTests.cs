using System.Diagnostics;
using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests;

/// <summary>Loopback throughput, run by hand (<c>--filter Category=Throughput</c>, preferably -c Release).</summary>
[Explicit("measurement, not a check; takes several seconds of full CPU")]
[Category("Throughput")]
public class ThroughputTests
{
    [TestCase(250, 200_000)]
    [TestCase(4 * 1024, 40_000)]
    [TestCase(256 * 1024, 1_000)]
    public async Task One_link(int payload, int count)
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 2);
        var sender = cluster["0-0"];
        var receiver = cluster["0-1"];
        var envelope = Messages.Numbered(1, payload);
        var reading = Eventually.ReadAsync(receiver.Inbound, count, TimeSpan.FromSeconds(120));
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < count; i++)
        {
            sender.Send("0-1", envelope);
        }
        await reading;

        Report($"1 link, {payload} B", count, payload, clock.Elapsed);
    }

    [TestCase(250, 50_000)]
    [TestCase(16 * 1024, 3_000)]
    public async Task Four_nodes_all_to_all(int payload, int perNode)
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 4);
        var envelope = Messages.Numbered(1, payload);
        var readers = cluster.Running.Select(t => Eventually.ReadAsync(t.Inbound, perNode * 3, TimeSpan.FromSeconds(120))).ToArray();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(cluster.Running.Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perNode; i++)
            {
                t.SendToAll(envelope);
            }
        })));
        await Task.WhenAll(readers);

        Report($"n=4 all-to-all, {payload} B", perNode * 12, payload, clock.Elapsed);
    }

    private static void Report(string what, long messages, int payload, TimeSpan elapsed)
    {
        var line = $"{what}: {messages} messages in {elapsed.TotalMilliseconds:0} ms = "
                   + $"{messages / elapsed.TotalSeconds:0} msg/s, {messages * (double)payload / elapsed.TotalSeconds / 1e6:0.0} MB/s payload";
        TestContext.Out.WriteLine(line);
        Assert.Pass(line);
    }
}
