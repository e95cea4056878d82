using DumboFL.Network.Tests.Support;
using DumboFL.Network.Wire;
using Google.Protobuf;

namespace DumboFL.Network.Tests;

/// <summary>The receiving end of the resend protocol, driven by hand through a real TLS connection.</summary>
public class ReceiverSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_resend_of_delivered_frames_is_dropped_but_acked()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"]);
        var node = cluster["0-0"];
        await using (var first = await HelloAsync(cluster, incarnation: 7, expectLastDelivered: 0))
        {
            await first.SendAsync(DataFrames(1, 5));
            Assert.That(await AckAsync(first, 5), Is.True);
        }

        await using var second = await HelloAsync(cluster, incarnation: 7, expectLastDelivered: 5);
        await second.SendAsync(DataFrames(3, 7));

        Assert.That(await AckAsync(second, 7), Is.True);
        var delivered = await Eventually.ReadAsync(node.Inbound, 7);
        Assert.Multiple(() =>
        {
            Assert.That(delivered.Select(Messages.NumberOf), Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 6, 7 }));
            Assert.That(node.Inbound.TryRead(out _), Is.False);
            Assert.That(node.Counters.DuplicatesDropped, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_new_incarnation_of_the_sender_starts_from_zero()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"]);
        await using (var first = await HelloAsync(cluster, incarnation: 7, expectLastDelivered: 0))
        {
            await first.SendAsync(DataFrames(1, 5));
            Assert.That(await AckAsync(first, 5), Is.True);
        }

        await using var restarted = await HelloAsync(cluster, incarnation: 8, expectLastDelivered: 0);
        await restarted.SendAsync(DataFrames(1, 2));

        Assert.That(await AckAsync(restarted, 2), Is.True);
        Assert.That((await Eventually.ReadAsync(cluster["0-0"].Inbound, 7)).Select(Messages.NumberOf),
            Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 1, 2 }));
    }

    [Test]
    public async Task A_new_connection_takes_over_from_a_half_open_one()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"]);
        await using var stale = await HelloAsync(cluster, incarnation: 7, expectLastDelivered: 0);
        await stale.SendAsync(DataFrames(1, 3));
        Assert.That(await AckAsync(stale, 3), Is.True);

        await using var fresh = await HelloAsync(cluster, incarnation: 7, expectLastDelivered: 3);

        Assert.That(await stale.ClosedByServerAsync(Patience), Is.True, "the old connection was closed");
    }

    private static async Task<RawTlsPeer> HelloAsync(LoopbackCluster cluster, ulong incarnation, ulong expectLastDelivered)
    {
        var peer = await RawTlsPeer.ConnectTlsAsync(cluster["0-0"].LocalEndPoint, cluster.Addresses[0].Key, cluster.KeyOf("0-2"), "0-2");
        await peer.SendFrameAsync(RawTlsPeer.Hello("0-2", incarnation));
        var answer = await peer.ReadFrameAsync(Patience);
        Assert.That(answer?.HelloAck?.LastDelivered, Is.EqualTo(expectLastDelivered), "HelloAck");
        return peer;
    }

    /// <summary>Reads until an Ack for <paramref name="seq"/> (acks may be coalesced or repeated).</summary>
    private static async Task<bool> AckAsync(RawTlsPeer peer, ulong seq)
    {
        while (await peer.ReadFrameAsync(Patience) is { } frame)
        {
            if (frame.KindCase == Frame.KindOneofCase.Ack && frame.Ack.Seq == seq)
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] DataFrames(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).SelectMany(seq => RawTlsPeer.Encode(new Frame
        {
            Data = new Data
            {
                Seq = (ulong)seq,
                Envelope = new Wire.Envelope { Channel = 1, Payload = ByteString.CopyFrom(Messages.Numbered(seq).Payload.Span) },
            },
        }))];
}
