using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests;

public class LinkStatsTests
{
    [Test]
    public async Task Round_trip_times_become_known_on_every_link()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3);

        await Eventually.HoldsAsync(() => cluster.Running.SelectMany(t => t.Links()).All(l => l.RttMs is not null),
            "every link measured an RTT");

        var rtts = cluster.Running.SelectMany(t => t.Links()).Select(l => l.RttMs!.Value).ToList();
        Assert.That(rtts, Is.All.InRange(0.0, 5000.0));
    }

    [Test]
    public async Task Links_report_their_state_traffic_and_queue()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"],
            options: _ => new NetworkOptions
            {
                KeepAliveInterval = TimeSpan.FromMilliseconds(50),
                IdleTimeout = TimeSpan.FromSeconds(3),
                IdleAfter = TimeSpan.FromMilliseconds(300),
                ReconnectMin = TimeSpan.FromMilliseconds(20),
                ReconnectMax = TimeSpan.FromMilliseconds(200),
            });
        var node = cluster["0-0"];
        LinkStats To(string peer) => node.Links().Single(l => l.Peer == peer);
        LinkStats From(string peer) => cluster["0-1"].Links().Single(l => l.Peer == peer);

        for (var i = 0; i < 10; i++)
        {
            node.Send("0-1", Messages.Numbered(i, size: 100));
            node.Send("0-2", Messages.Numbered(i, size: 100));
        }
        await Eventually.ReadAsync(cluster["0-1"].Inbound, 10);
        await Eventually.HoldsAsync(() => To("0-1").Queued == 0, "all acked");

        Assert.Multiple(() =>
        {
            Assert.That(To("0-1").State, Is.EqualTo(LinkState.Established));
            Assert.That(To("0-1").MessagesOut, Is.EqualTo(10));
            Assert.That(To("0-1").BytesOut, Is.GreaterThan(1000));
            Assert.That(From("0-0").MessagesIn, Is.EqualTo(10));
            Assert.That(From("0-0").BytesIn, Is.GreaterThan(1000));
            Assert.That(To("0-2").State, Is.AnyOf(LinkState.Connecting, LinkState.Error), "0-2 is not running");
            Assert.That(To("0-2").Queued, Is.EqualTo(10));
            Assert.That(To("0-2").QueuedBytes, Is.GreaterThan(1000));
        });

        await Eventually.HoldsAsync(() => To("0-1").State == LinkState.Idle, "idle after IdleAfter without data");
        node.Send("0-1", Messages.Numbered(99));
        await Eventually.HoldsAsync(() => To("0-1").State == LinkState.Established, "established again once data flows");
    }

    [Test]
    public async Task Disposing_closes_every_link_and_can_be_repeated()
    {
        var cluster = await LoopbackCluster.StartAsync(1, 3);
        var node = cluster["0-0"];
        await Eventually.HoldsAsync(() => node.Links().All(l => l.State == LinkState.Established), "links up");

        await node.DisposeAsync();
        await node.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(node.Links().Select(l => l.State), Is.All.EqualTo(LinkState.Closed));
            Assert.That(() => node.Send("0-1", Messages.Numbered(1)), Throws.Nothing, "sending after dispose is ignored");
            Assert.That(node.Counters.UnexpectedErrors, Is.Zero);
        });
        await Eventually.HoldsAsync(
            () => cluster["0-1"].Links().Single(l => l.Peer == "0-0").State is LinkState.Connecting or LinkState.Error,
            "the peers notice the node is gone");
        await cluster.DisposeAsync();
    }
}
