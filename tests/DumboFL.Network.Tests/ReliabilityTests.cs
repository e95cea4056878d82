using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests;

public class ReliabilityTests
{
    [Test]
    public async Task Messages_cross_forced_disconnects_exactly_once_and_in_order()
    {
        const int total = 10_000;
        const int chunk = total / 4;
        const int lane = 256;
        await using var cluster = await LoopbackCluster.StartAsync(1, 2, options: _ => LoopbackCluster.FastOptions(inboundPerPeer: lane));
        var sender = cluster["0-0"];
        var receiver = cluster["0-1"];
        LinkStats Link() => sender.Links().Single();
        var numbers = new List<long>();

        for (var part = 0; part < 4; part++)
        {
            for (var i = part * chunk; i < (part + 1) * chunk; i++)
            {
                sender.Send("0-1", Messages.Numbered(i, size: 1000));
            }
            if (part < 3)
            {
                // With the receiver's lane full, frames are written but not yet delivered or acked: break the
                // link in the middle of that stream, from either end.
                await Eventually.HoldsAsync(() => receiver.Inbound.CountFrom("0-0") == lane, "the stream backed up");
                if (part == 1)
                {
                    receiver.AbortInbound("0-0");
                }
                else
                {
                    sender.AbortOutbound("0-1");
                }
            }
            numbers.AddRange((await Eventually.ReadAsync(receiver.Inbound, chunk)).Select(Messages.NumberOf));
            if (part < 3)
            {
                await Eventually.HoldsAsync(() => Link().Reconnects == part + 1, $"reconnect {part + 1}");
            }
        }

        await Eventually.HoldsAsync(() => Link().Queued == 0, "everything acked");
        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, total).Select(i => (long)i)), "all, once, in order");
            Assert.That(receiver.Inbound.TryRead(out _), Is.False, "nothing extra");
            Assert.That(Link().Reconnects, Is.EqualTo(3));
            Assert.That(sender.Counters.FramesResent, Is.GreaterThan(0), "the disconnects did catch frames in flight");
        });
        TestContext.Out.WriteLine($"resent {sender.Counters.FramesResent}, duplicates dropped {receiver.Counters.DuplicatesDropped}");
    }

    [Test]
    public async Task A_restarted_peer_gets_what_was_queued_while_it_was_down_and_hears_its_new_incarnation()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3);
        var steady = cluster["0-0"];
        var oldIncarnation = cluster["0-1"].Incarnation;
        for (var i = 0; i < 100; i++)
        {
            steady.Send("0-1", Messages.Numbered(i));
            cluster["0-1"].Send("0-0", Messages.Numbered(i));
        }
        await Eventually.ReadAsync(cluster["0-1"].Inbound, 100);
        await Eventually.ReadAsync(steady.Inbound, 100);
        await Eventually.HoldsAsync(() => steady.Links().Single(l => l.Peer == "0-1").Queued == 0, "0-0's frames to 0-1 acked");

        await cluster.StopAsync("0-1");
        await Eventually.HoldsAsync(() => steady.Links().Single(l => l.Peer == "0-1").State != LinkState.Established,
            "0-0 noticed 0-1 is gone");
        for (var i = 100; i < 200; i++)
        {
            steady.Send("0-1", Messages.Numbered(i));
        }
        var restarted = await cluster.StartNodeAsync("0-1");
        // The new process numbers its messages from 1 again; 0-0 must not take them for resends.
        for (var i = 0; i < 10; i++)
        {
            restarted.Send("0-0", Messages.Numbered(1000 + i));
        }

        var caughtUp = await Eventually.ReadAsync(restarted.Inbound, 100);
        var fromNewRun = await Eventually.ReadAsync(steady.Inbound, 10);
        Assert.Multiple(() =>
        {
            Assert.That(restarted.Incarnation, Is.Not.EqualTo(oldIncarnation));
            Assert.That(caughtUp.Select(Messages.NumberOf), Is.EqualTo(Enumerable.Range(100, 100).Select(i => (long)i)));
            Assert.That(fromNewRun.Select(Messages.NumberOf), Is.EqualTo(Enumerable.Range(1000, 10).Select(i => (long)i)));
            Assert.That(steady.Counters.DuplicatesDropped, Is.Zero);
        });
    }

    [Test]
    public async Task Over_the_outbound_cap_the_oldest_messages_are_dropped_and_the_newest_arrive_in_order()
    {
        const int cap = 20_000;
        await using var cluster = await LoopbackCluster.StartAsync(1, 2, absent: ["0-1"],
            options: _ => LoopbackCluster.FastOptions(outboundBytes: cap));
        var sender = cluster["0-0"];

        for (var i = 0; i < 200; i++)
        {
            sender.Send("0-1", Messages.Numbered(i, size: 1000));
        }
        var link = sender.Links().Single();
        var kept = link.Queued;

        Assert.Multiple(() =>
        {
            Assert.That(link.QueuedBytes, Is.LessThanOrEqualTo(cap));
            Assert.That(kept, Is.GreaterThan(10).And.LessThan(20));
            Assert.That(link.Dropped, Is.EqualTo(200 - kept));
            Assert.That(sender.Counters.FramesDropped, Is.EqualTo(200 - kept));
        });

        var peer = await cluster.StartNodeAsync("0-1");
        var received = await Eventually.ReadAsync(peer.Inbound, kept);
        Assert.That(received.Select(Messages.NumberOf), Is.EqualTo(Enumerable.Range(200 - kept, kept).Select(i => (long)i)));
    }

    [Test]
    public async Task A_full_inbound_lane_holds_the_sender_back_without_losing_anything()
    {
        const int total = 3000;
        await using var cluster = await LoopbackCluster.StartAsync(1, 2,
            options: _ => LoopbackCluster.FastOptions(inboundPerPeer: 8));
        var sender = cluster["0-0"];
        var receiver = cluster["0-1"];

        for (var i = 0; i < total; i++)
        {
            sender.Send("0-1", Messages.Numbered(i, size: 200));
        }
        await Eventually.HoldsAsync(() => receiver.Inbound.CountFrom("0-0") == 8, "the receiver's lane for 0-0 filled");
        Assert.That(sender.Links().Single().Queued, Is.GreaterThan(8), "the sender is held back, not drained");

        var received = await Eventually.ReadAsync(receiver.Inbound, total);
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(Messages.NumberOf), Is.EqualTo(Enumerable.Range(0, total).Select(i => (long)i)));
            Assert.That(sender.Counters.FramesDropped + receiver.Counters.DuplicatesDropped, Is.Zero);
        });
    }

    [Test]
    public async Task A_receiver_stalled_longer_than_the_idle_timeout_keeps_its_connection()
    {
        var idleTimeout = TimeSpan.FromMilliseconds(400);
        await using var cluster = await LoopbackCluster.StartAsync(1, 2, options: _ => new NetworkOptions
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(50),
            IdleTimeout = idleTimeout,
            InboundPerPeer = 4,
            ReconnectMin = TimeSpan.FromMilliseconds(20),
            ReconnectMax = TimeSpan.FromMilliseconds(200),
        });
        var sender = cluster["0-0"];
        var receiver = cluster["0-1"];
        for (var i = 0; i < 2000; i++)
        {
            sender.Send("0-1", Messages.Numbered(i, size: 1000));
        }
        await Eventually.HoldsAsync(() => receiver.Inbound.CountFrom("0-0") == 4, "the lane filled");

        // The stall under test, not a synchronisation: nobody reads for three idle timeouts. The blocked
        // server repeats its ack meanwhile, so neither side may take the other for dead.
        await Task.Delay(idleTimeout * 3);

        var received = await Eventually.ReadAsync(receiver.Inbound, 2000);
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(Messages.NumberOf), Is.EqualTo(Enumerable.Range(0, 2000).Select(i => (long)i)));
            Assert.That(sender.Counters.IdleTimeouts + receiver.Counters.IdleTimeouts, Is.Zero);
            Assert.That(sender.Links().Single().Reconnects, Is.Zero);
        });
    }

    [Test]
    public async Task A_flooding_peer_does_not_starve_a_quiet_one_at_the_receiver()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 3,
            options: _ => LoopbackCluster.FastOptions(inboundPerPeer: 64));
        var receiver = cluster["0-2"];
        for (var i = 0; i < 2000; i++)
        {
            cluster["0-0"].Send("0-2", Messages.Numbered(i));
        }
        await Eventually.HoldsAsync(() => receiver.Inbound.CountFrom("0-0") == 64, "the flood filled its lane");
        for (var i = 0; i < 5; i++)
        {
            cluster["0-1"].Send("0-2", Messages.Numbered(i));
        }
        await Eventually.HoldsAsync(() => receiver.Inbound.CountFrom("0-1") == 5, "the quiet peer's messages are queued");

        var firstTen = await Eventually.ReadAsync(receiver.Inbound, 10);

        Assert.That(firstTen.Count(m => m.From == "0-1"), Is.EqualTo(5), string.Join(",", firstTen.Select(m => m.From)));
    }
}
