using System.Buffers.Binary;
using DumboFL.Network.Tests.Support;
using DumboFL.Network.Wire;

namespace DumboFL.Network.Tests;

/// <summary>
/// Named fault points, one parameterised test: each sends one kind of bad input to a node's server and
/// checks that exactly that connection is closed and counted, while the node's links to others work on.
/// </summary>
public class HostileInputTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public enum Fault
    {
        RandomBytesWithoutTls,
        RandomBytesAfterTls,
        UndecodableBodyInsteadOfHello,
        OversizePrefixInsteadOfHello,
        TwoGibPrefixAfterHello,
        ZeroLengthAfterHello,
        UndecodableBodyAfterHello,
        HelloAckFromClient,
        SecondHello,
        DataBeforeHello,
    }

    [TestCase(Fault.RandomBytesWithoutTls, "handshakes_rejected")]
    [TestCase(Fault.RandomBytesAfterTls, "frames_oversize")]
    [TestCase(Fault.UndecodableBodyInsteadOfHello, "frames_malformed")]
    [TestCase(Fault.OversizePrefixInsteadOfHello, "frames_oversize")]
    [TestCase(Fault.TwoGibPrefixAfterHello, "frames_oversize")]
    [TestCase(Fault.ZeroLengthAfterHello, "frames_malformed")]
    [TestCase(Fault.UndecodableBodyAfterHello, "frames_malformed")]
    [TestCase(Fault.HelloAckFromClient, "frames_malformed")]
    [TestCase(Fault.SecondHello, "frames_malformed")]
    [TestCase(Fault.DataBeforeHello, "frames_malformed")]
    public async Task Bad_input_closes_only_that_connection_and_is_counted(Fault fault, string counter)
    {
        // A short handshake timeout: random bytes may look like the start of a long TLS record, which the
        // server then waits for until the timeout.
        await using var cluster = await LoopbackCluster.StartAsync(1, 3, absent: ["0-2"],
            options: _ => LoopbackCluster.FastOptions(handshakeTimeout: TimeSpan.FromMilliseconds(500)));
        var victim = cluster["0-0"];
        var bystander = cluster["0-1"];
        await ExchangeAsync(bystander, victim, 0);
        await ExchangeAsync(victim, bystander, 0);
        var before = victim.Counters.Snapshot();

        await using (var attacker = await ConnectAsync(fault, cluster))
        {
            await attacker.TrySendAsync(Payload(fault));

            Assert.That(await attacker.ClosedByServerAsync(Patience), Is.True, "the server closed the connection");
        }

        await Eventually.HoldsAsync(() => victim.Counters.Snapshot()[counter] == before[counter] + 1, $"{counter} + 1");
        await ExchangeAsync(bystander, victim, 1);
        await ExchangeAsync(victim, bystander, 2);
        var after = victim.Counters.Snapshot();
        Assert.Multiple(() =>
        {
            // connect_failures: the victim keeps dialling the absent 0-2.
            foreach (var (name, value) in after.Where(c => c.Key is not "connections_accepted" and not "connect_failures" && c.Key != counter))
            {
                Assert.That(value, Is.EqualTo(before[name]), $"{name} unchanged");
            }
            Assert.That(victim.Links().Concat(bystander.Links()).Where(l => l.Peer is "0-0" or "0-1").Select(l => l.Reconnects),
                Is.All.Zero, "the genuine links were never dropped");
        });
    }

    private static async Task<RawTlsPeer> ConnectAsync(Fault fault, LoopbackCluster cluster)
    {
        var server = cluster["0-0"].LocalEndPoint;
        if (fault == Fault.RandomBytesWithoutTls)
        {
            return await RawTlsPeer.ConnectTcpAsync(server);
        }
        // The absent node's genuine key: TLS succeeds, so what follows reaches the frame layer.
        var peer = await RawTlsPeer.ConnectTlsAsync(server, cluster.Addresses[0].Key, cluster.KeyOf("0-2"), "0-2");
        Assert.That(peer.TlsCompleted, Is.True);
        if (fault is Fault.TwoGibPrefixAfterHello or Fault.ZeroLengthAfterHello or Fault.UndecodableBodyAfterHello
            or Fault.HelloAckFromClient or Fault.SecondHello)
        {
            await peer.SendFrameAsync(RawTlsPeer.Hello("0-2"));
            Assert.That((await peer.ReadFrameAsync(Patience))?.KindCase, Is.EqualTo(Frame.KindOneofCase.HelloAck));
        }
        return peer;
    }

    private static byte[] Payload(Fault fault)
    {
        var random = new Random((int)fault + 1000);
        switch (fault)
        {
            case Fault.RandomBytesWithoutTls:
            case Fault.RandomBytesAfterTls:
                var bytes = new byte[4096];
                random.NextBytes(bytes);
                // Make the first four bytes a length far over the limit, whatever the seed drew.
                bytes[3] = 0xF0;
                return bytes;
            case Fault.OversizePrefixInsteadOfHello:
                return Prefix(64 * 1024 * 1024 + 1);
            case Fault.TwoGibPrefixAfterHello:
                return Prefix(0x80000000);
            case Fault.ZeroLengthAfterHello:
                return Prefix(0);
            case Fault.UndecodableBodyInsteadOfHello:
            case Fault.UndecodableBodyAfterHello:
                return [.. Prefix(12), .. Enumerable.Repeat((byte)0xFF, 12)];
            case Fault.HelloAckFromClient:
                return RawTlsPeer.Encode(new Frame { HelloAck = new HelloAck { LastDelivered = 5 } });
            case Fault.SecondHello:
                return RawTlsPeer.Encode(RawTlsPeer.Hello("0-2"));
            case Fault.DataBeforeHello:
                return RawTlsPeer.Encode(new Frame { Data = new Data { Seq = 1, Envelope = new Wire.Envelope { Channel = 1 } } });
            default:
                throw new ArgumentOutOfRangeException(nameof(fault));
        }
    }

    private static byte[] Prefix(uint length)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, length);
        return prefix;
    }

    private static async Task ExchangeAsync(Transport from, Transport to, long number)
    {
        from.Send(to.SelfId, Messages.Numbered(number));
        var received = await Eventually.ReadAsync(to.Inbound, 1);
        Assert.That((received[0].From, Messages.NumberOf(received[0])), Is.EqualTo((from.SelfId, number)));
    }
}
