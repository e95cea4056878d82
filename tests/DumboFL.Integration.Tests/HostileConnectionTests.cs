using System.Buffers.Binary;
using System.Security.Cryptography;
using DumboFL.Integration.Tests.Support;
using DumboFL.Runner.Cluster;

namespace DumboFL.Integration.Tests;

/// <summary>
/// What arrives at a node's peer port from outside the protocol — a stranger's key, a 2 GiB length prefix,
/// garbage — is refused and counted; the node stays up and goes on committing. The shard runs three of its four
/// nodes (n − f = 3 keep committing), so the test can also speak as the fourth, a genuine member, past TLS.
/// </summary>
[TestFixture]
public sealed class HostileConnectionTests
{
    private const string Target = "0-0";
    private const string Absent = "0-3";

    private TestCluster _cluster = null!;
    private ClusterNode _target = null!;

    [OneTimeSetUp]
    public async Task StartShard()
    {
        _cluster = await TestCluster.StartAsync(nodes: 4, start: ["0-0", "0-1", "0-2"]);
        _target = _cluster.File.Node(Target);
        _cluster.StartLoad(rate: 500);
        await _cluster.WaitForHeightAsync(["0-0", "0-1", "0-2"], 1, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopShard() => await _cluster.DisposeAsync();

    [Test]
    public async Task Tls_client_with_a_key_outside_the_cluster_is_refused_and_counted()
    {
        var before = await CounterAsync("handshakes_rejected");
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = PeerConnection.SelfSigned(stranger, Absent);
        using var tcp = await PeerConnection.ConnectAsync(_target);
        await using var ssl = await PeerConnection.TlsAsync(tcp, certificate, _target);
        // TLS 1.3 lets the client finish before the server has judged its certificate: then the refusal is the close.
        var refused = ssl is null || await PeerConnection.ClosedByPeerAsync(ssl, TimeSpan.FromSeconds(15));

        Assert.That(refused, Is.True, "the node closed the connection of a key it does not know");
        await CounterRisesAsync("handshakes_rejected", before);
        await StillCommitsAsync();
    }

    [Test]
    public async Task Oversize_length_prefix_from_a_member_is_refused_before_reading_the_body()
    {
        var before = await CounterAsync("frames_oversize");
        using var secrets = _cluster.File.LoadSecrets(Absent);
        using var certificate = PeerConnection.MemberCertificate(secrets);
        using var tcp = await PeerConnection.ConnectAsync(_target);
        await using var ssl = await PeerConnection.TlsAsync(tcp, certificate, _target);
        Assert.That(ssl, Is.Not.Null, "a member's key passes TLS");

        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, 1u << 31);
        await PeerConnection.TryWriteAsync(ssl!, prefix);

        Assert.That(await PeerConnection.ClosedByPeerAsync(ssl!, TimeSpan.FromSeconds(15)), Is.True, "the node closed the connection after a 2 GiB prefix");
        await CounterRisesAsync("frames_oversize", before);
        await StillCommitsAsync();
    }

    [Test]
    public async Task Undecodable_frame_from_a_member_is_counted_as_malformed()
    {
        var before = await CounterAsync("frames_malformed");
        using var secrets = _cluster.File.LoadSecrets(Absent);
        using var certificate = PeerConnection.MemberCertificate(secrets);
        using var tcp = await PeerConnection.ConnectAsync(_target);
        await using var ssl = await PeerConnection.TlsAsync(tcp, certificate, _target);
        Assert.That(ssl, Is.Not.Null, "a member's key passes TLS");

        // A well-sized frame whose body is no Protobuf Frame: a tag varint that never ends.
        var frame = new byte[4 + 64];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 64);
        frame.AsSpan(4).Fill(0xFF);
        await PeerConnection.TryWriteAsync(ssl!, frame);

        Assert.That(await PeerConnection.ClosedByPeerAsync(ssl!, TimeSpan.FromSeconds(15)), Is.True, "the node closed the connection after a malformed frame");
        await CounterRisesAsync("frames_malformed", before);
        await StillCommitsAsync();
    }

    [Test]
    public async Task Oversize_prefix_and_random_garbage_on_raw_tcp_do_not_crash_the_node()
    {
        var before = await CounterAsync("handshakes_rejected");
        using (var tcp = await PeerConnection.ConnectAsync(_target))
        {
            var prefix = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(prefix, 1u << 31);
            await PeerConnection.TryWriteAsync(tcp.GetStream(), prefix);
            Assert.That(await PeerConnection.ClosedByPeerAsync(tcp.GetStream(), TimeSpan.FromSeconds(15)), Is.True, "closed after a 2 GiB prefix instead of a TLS hello");
        }
        using (var tcp = await PeerConnection.ConnectAsync(_target))
        {
            var garbage = new byte[64 * 1024];
            new Random(20240605).NextBytes(garbage);
            await PeerConnection.TryWriteAsync(tcp.GetStream(), garbage);
            Assert.That(await PeerConnection.ClosedByPeerAsync(tcp.GetStream(), TimeSpan.FromSeconds(15)), Is.True, "closed after 64 KiB of garbage");
        }

        await CounterRisesAsync("handshakes_rejected", before, by: 2);
        await StillCommitsAsync();
    }

    private async Task<double> CounterAsync(string counter) => PrometheusText.Network(await _cluster.MetricsAsync(Target), counter);

    private Task<double> CounterRisesAsync(string counter, double before, int by = 1) =>
        Eventually.UntilAsync(() => CounterAsync(counter), value => value >= before + by, TimeSpan.FromSeconds(15),
            value => $"{counter} at {value}, was {before}, expected +{by}");

    /// <summary>The target is still the same process and its ledger still grows.</summary>
    private async Task StillCommitsAsync()
    {
        Assert.That(_cluster.Local.IsAlive(Target), Is.True, $"{Target} is still running");
        var height = await _cluster.HeightAsync(Target);
        await _cluster.WaitForHeightAsync([Target], height + 1, TimeSpan.FromSeconds(60));
        Assert.That(_cluster.Local.IsAlive(Target), Is.True, $"{Target} is still running");
    }
}
