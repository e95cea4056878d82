using DumboFL.Core.Crypto;
using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests;

public class AuthenticationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public enum ClientKey
    {
        Stranger,
        ServersOwn,
    }

    [TestCase(ClientKey.Stranger)]
    [TestCase(ClientKey.ServersOwn)]
    public async Task A_client_whose_key_is_not_a_peer_of_the_server_is_refused_and_counted(ClientKey which)
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 2);
        var server = cluster["0-0"];
        using var stranger = NodeKey.Generate();
        var key = which == ClientKey.Stranger ? stranger : cluster.KeyOf("0-0");
        var rejectedBefore = server.Counters.HandshakesRejected;

        await using var impostor = await RawTlsPeer.ConnectTlsAsync(server.LocalEndPoint, cluster.Addresses[0].Key, key, "0-1");
        if (impostor.TlsCompleted)
        {
            // With TLS 1.3 the refusal may reach this side only now, as a reset on this write.
            await impostor.TrySendAsync(RawTlsPeer.Encode(RawTlsPeer.Hello("0-1")));
        }

        Assert.That(await impostor.ClosedByServerAsync(Patience), Is.True, "connection closed by the server");
        await Eventually.HoldsAsync(() => server.Counters.HandshakesRejected > rejectedBefore, "handshakes_rejected counted");
    }

    [Test]
    public async Task A_member_claiming_another_members_id_in_its_hello_is_refused()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"]);
        var server = cluster["0-0"];
        var rejectedBefore = server.Counters.HandshakesRejected;

        // TLS with 0-2's genuine key, then a Hello that says "0-1".
        await using var impostor = await RawTlsPeer.ConnectTlsAsync(server.LocalEndPoint, cluster.Addresses[0].Key, cluster.KeyOf("0-2"), "0-2");
        Assert.That(impostor.TlsCompleted, Is.True);
        await impostor.SendFrameAsync(RawTlsPeer.Hello("0-1"));

        Assert.That(await impostor.ClosedByServerAsync(Patience), Is.True);
        Assert.That(server.Counters.HandshakesRejected, Is.EqualTo(rejectedBefore + 1));
    }

    [Test]
    public async Task A_hello_with_another_protocol_version_is_refused()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"]);
        var server = cluster["0-0"];
        var rejectedBefore = server.Counters.HandshakesRejected;

        await using var peer = await RawTlsPeer.ConnectTlsAsync(server.LocalEndPoint, cluster.Addresses[0].Key, cluster.KeyOf("0-2"), "0-2");
        await peer.SendFrameAsync(RawTlsPeer.Hello("0-2", version: 99));

        Assert.That(await peer.ClosedByServerAsync(Patience), Is.True);
        Assert.That(server.Counters.HandshakesRejected, Is.EqualTo(rejectedBefore + 1));
    }

    [Test]
    public async Task A_genuine_member_speaking_the_protocol_by_hand_is_answered_with_a_hello_ack()
    {
        // The control case for the refusals above: same path, correct identity.
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"]);
        var server = cluster["0-0"];

        await using var peer = await RawTlsPeer.ConnectTlsAsync(server.LocalEndPoint, cluster.Addresses[0].Key, cluster.KeyOf("0-2"), "0-2");
        await peer.SendFrameAsync(RawTlsPeer.Hello("0-2"));
        var answer = await peer.ReadFrameAsync(Patience);

        Assert.That(answer?.HelloAck?.LastDelivered, Is.EqualTo(0ul));
    }

    [Test]
    public async Task A_connection_that_never_says_hello_is_closed_after_the_handshake_timeout()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"], options: _ => new NetworkOptions
        {
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
            ReconnectMin = TimeSpan.FromMilliseconds(20),
            ReconnectMax = TimeSpan.FromMilliseconds(200),
        });
        var server = cluster["0-0"];
        var rejectedBefore = server.Counters.HandshakesRejected;

        await using var silent = await RawTlsPeer.ConnectTlsAsync(server.LocalEndPoint, cluster.Addresses[0].Key, cluster.KeyOf("0-2"), "0-2");

        Assert.That(await silent.ClosedByServerAsync(Patience), Is.True);
        Assert.That(server.Counters.HandshakesRejected, Is.EqualTo(rejectedBefore + 1));
    }

    public enum ServerKey
    {
        Stranger,
        AnotherMember,
    }

    [TestCase(ServerKey.Stranger)]
    [TestCase(ServerKey.AnotherMember)]
    public async Task A_server_presenting_a_key_other_than_the_dialled_peers_is_refused_by_the_client(ServerKey which)
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-1", "0-2"]);
        var client = cluster["0-0"];
        using var stranger = NodeKey.Generate();
        await using var rogue = new RogueTlsServer(which == ServerKey.Stranger ? stranger : cluster.KeyOf("0-2"));

        // The rogue stands where 0-1 should be.
        cluster.Impersonate("0-1", rogue.Endpoint);
        client.Send("0-1", Messages.Numbered(1));

        await Eventually.HoldsAsync(() => client.Counters.HandshakesRejected >= 2 && rogue.FailedHandshakes >= 2,
            "the client refused the rogue's key, twice (it keeps redialling)");
        var link = client.Links().Single(l => l.Peer == "0-1");
        Assert.Multiple(() =>
        {
            Assert.That(client.Counters.ConnectionsEstablished, Is.Zero);
            Assert.That(link.State, Is.AnyOf(LinkState.Connecting, LinkState.Error));
            Assert.That(link.Queued, Is.EqualTo(1), "the message waits for the real 0-1");
        });
    }

    [Test]
    public async Task Connections_over_the_pending_handshake_limit_are_closed_at_once()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 2, options: _ => new NetworkOptions
        {
            MaxPendingHandshakes = 1,
            HandshakeTimeout = TimeSpan.FromSeconds(30),
        });
        var server = cluster["0-0"];
        await Eventually.HoldsAsync(() => server.Links().Single().State == LinkState.Established
                                          && cluster["0-1"].Links().Single().State == LinkState.Established, "links up");
        var rejectedBefore = server.Counters.HandshakesRejected;

        // The first stalls in its TLS handshake (it sends nothing) and holds the only slot.
        await using var staller = await RawTlsPeer.ConnectTcpAsync(server.LocalEndPoint);
        await Eventually.HoldsAsync(() => server.Counters.ConnectionsAccepted >= 2, "the staller was accepted");
        await using var second = await RawTlsPeer.ConnectTcpAsync(server.LocalEndPoint);

        Assert.That(await second.ClosedByServerAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(server.Counters.HandshakesRejected, Is.EqualTo(rejectedBefore + 1));
    }
}
