using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests.Inbound;

public class InboundQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public void Reads_take_one_message_per_peer_in_turn()
    {
        var queue = new InboundQueue(perPeerCapacity: 100);
        Fill(queue, "flood", 6);
        Fill(queue, "quiet", 2);
        Fill(queue, "rare", 1);

        var order = Drain(queue).Select(m => m.From).ToArray();

        Assert.That(order, Is.EqualTo(new[] { "flood", "quiet", "rare", "flood", "quiet", "flood", "flood", "flood", "flood" }));
    }

    [Test]
    public void A_flooding_peer_does_not_delay_a_peer_that_arrives_later()
    {
        var queue = new InboundQueue(perPeerCapacity: 1000);
        Fill(queue, "flood", 1000);
        queue.TryRead(out _);
        Fill(queue, "late", 3);

        var firstSix = Enumerable.Range(0, 6).Select(_ => queue.TryRead(out var m) ? m.From : "none").ToArray();

        Assert.That(firstSix.Count(f => f == "late"), Is.EqualTo(3), string.Join(",", firstSix));
    }

    [Test]
    public void Each_peer_keeps_its_own_order()
    {
        var queue = new InboundQueue(perPeerCapacity: 100);
        for (var i = 0; i < 50; i++)
        {
            queue.TryWrite(new InboundMessage("a", Messages.Numbered(i)));
            queue.TryWrite(new InboundMessage("b", Messages.Numbered(1000 + i)));
        }

        var messages = Drain(queue);

        Assert.Multiple(() =>
        {
            Assert.That(messages.Where(m => m.From == "a").Select(Messages.NumberOf), Is.EqualTo(Enumerable.Range(0, 50).Select(i => (long)i)));
            Assert.That(messages.Where(m => m.From == "b").Select(Messages.NumberOf), Is.EqualTo(Enumerable.Range(1000, 50).Select(i => (long)i)));
        });
    }

    [Test]
    public void A_full_lane_refuses_only_its_own_peer()
    {
        var queue = new InboundQueue(perPeerCapacity: 3);
        Fill(queue, "a", 3);

        Assert.Multiple(() =>
        {
            Assert.That(queue.TryWrite(new InboundMessage("a", Messages.Numbered(3))), Is.False);
            Assert.That(queue.TryWrite(new InboundMessage("b", Messages.Numbered(0))), Is.True);
            Assert.That(queue.Count, Is.EqualTo(4));
            Assert.That(queue.CountFrom("a"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_writer_to_a_full_lane_waits_until_reads_make_room_and_nothing_is_lost()
    {
        var queue = new InboundQueue(perPeerCapacity: 4);
        Fill(queue, "a", 4);
        using var timeout = new CancellationTokenSource(Patience);

        var blocked = queue.WriteAsync(new InboundMessage("a", Messages.Numbered(4)), timeout.Token).AsTask();
        Assert.That(blocked.IsCompleted, Is.False, "the fifth message must wait");
        // Room opens at the low-water mark (3 of 4): one read is enough here.
        queue.TryRead(out _);
        await blocked;

        var rest = Drain(queue).Select(Messages.NumberOf);
        Assert.That(rest, Is.EqualTo(new long[] { 1, 2, 3, 4 }));
    }

    [Test]
    public async Task A_waiting_reader_gets_the_next_message_written()
    {
        var queue = new InboundQueue(perPeerCapacity: 4);
        using var timeout = new CancellationTokenSource(Patience);

        var reading = queue.ReadAsync(timeout.Token).AsTask();
        Assert.That(reading.IsCompleted, Is.False);
        queue.TryWrite(new InboundMessage("a", Messages.Numbered(7)));

        var message = await reading;
        Assert.That((message.From, Messages.NumberOf(message)), Is.EqualTo(("a", 7L)));
    }

    [Test]
    public async Task A_cancelled_read_takes_nothing_away()
    {
        var queue = new InboundQueue(perPeerCapacity: 4);
        using (var cancel = new CancellationTokenSource())
        {
            var reading = queue.ReadAsync(cancel.Token).AsTask();
            await cancel.CancelAsync();
            Assert.That(async () => await reading, Throws.InstanceOf<OperationCanceledException>());
        }

        queue.TryWrite(new InboundMessage("a", Messages.Numbered(1)));

        Assert.Multiple(() =>
        {
            Assert.That(queue.TryRead(out var message), Is.True);
            Assert.That(Messages.NumberOf(message), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Concurrent_writers_and_readers_lose_and_duplicate_nothing()
    {
        const int peers = 4;
        const int perPeer = 5_000;
        var queue = new InboundQueue(perPeerCapacity: 16);
        using var timeout = new CancellationTokenSource(Patience);
        var writers = Enumerable.Range(0, peers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perPeer; i++)
            {
                await queue.WriteAsync(new InboundMessage($"p{p}", Messages.Numbered(i)), timeout.Token);
            }
        })).ToArray();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var got = new List<InboundMessage>();
            for (var i = 0; i < peers * perPeer / 2; i++)
            {
                got.Add(await queue.ReadAsync(timeout.Token));
            }
            return got;
        })).ToArray();

        await Task.WhenAll(writers);
        var all = (await Task.WhenAll(readers)).SelectMany(r => r).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(peers * perPeer));
            Assert.That(all.Select(m => (m.From, Messages.NumberOf(m))).Distinct().Count(), Is.EqualTo(peers * perPeer));
            Assert.That(queue.Count, Is.Zero);
        });
    }

    private static void Fill(InboundQueue queue, string from, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.That(queue.TryWrite(new InboundMessage(from, Messages.Numbered(i))), Is.True);
        }
    }

    private static List<InboundMessage> Drain(InboundQueue queue)
    {
        var messages = new List<InboundMessage>();
        while (queue.TryRead(out var message))
        {
            messages.Add(message);
        }
        return messages;
    }
}
