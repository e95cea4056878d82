using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests;

public class IdleTimeoutTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(400);

    private static NetworkOptions Options(string _) => new()
    {
        KeepAliveInterval = TimeSpan.FromMilliseconds(50),
        IdleTimeout = Idle,
        ReconnectMin = TimeSpan.FromMilliseconds(20),
        ReconnectMax = TimeSpan.FromMilliseconds(200),
    };

    [Test]
    public async Task The_server_closes_a_connection_on_which_nothing_arrives()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"], options: Options);
        var server = cluster["0-0"];
        await using var silent = await RawTlsPeer.ConnectTlsAsync(server.LocalEndPoint, cluster.Addresses[0].Key, cluster.KeyOf("0-2"), "0-2");
        await silent.SendFrameAsync(RawTlsPeer.Hello("0-2"));

        Assert.That(await silent.ClosedByServerAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(server.Counters.IdleTimeouts, Is.EqualTo(1));
    }

    [Test]
    public async Task A_link_to_a_peer_that_stops_answering_is_closed_and_redialled()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 2, absent: ["0-1"], options: Options);
        var client = cluster["0-0"];
        // Holds 0-1's real key, so TLS succeeds; then it answers the Hello and falls silent.
        await using var hung = new RogueTlsServer(cluster.KeyOf("0-1"), answerHello: true);
        cluster.Impersonate("0-1", hung.Endpoint);

        await Eventually.HoldsAsync(() => client.Counters.IdleTimeouts >= 1 && client.Links().Single().Reconnects >= 1,
            "the link gave up on the silent peer and dialled again");
        Assert.That(hung.HelloAcksSent, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Live_links_with_keep_alives_are_not_taken_for_idle()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 2, options: Options);
        var node = cluster["0-0"];

        // Wait out several idle timeouts on links that carry no data, only pings and pongs.
        await Eventually.HoldsAsync(() => node.Links().Single().RttMs is not null, "pings answered");
        var pongsSeen = node.Links().Single().BytesOut;
        await Eventually.HoldsAsync(() => node.Links().Single().BytesOut > pongsSeen + 20 * 10, "twenty more pings sent");

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Running.Sum(t => t.Counters.IdleTimeouts), Is.Zero);
            Assert.That(cluster.Running.SelectMany(t => t.Links()).Sum(l => l.Reconnects), Is.Zero);
        });
    }
}
