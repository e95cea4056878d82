using DumboFL.Network.Outbound;
using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests.Outbound;

public class OutboundQueueTests
{
    [Test]
    public void Frames_get_consecutive_sequence_numbers_and_are_taken_in_order()
    {
        var queue = new OutboundQueue(capBytes: 1_000_000);
        for (var i = 0; i < 5; i++)
        {
            queue.Enqueue(Messages.Numbered(i), 100);
        }
        var batch = new OutboundQueue.Item[10];

        var taken = queue.TakeUnsent(batch, maxBytes: 1_000_000);

        Assert.Multiple(() =>
        {
            Assert.That(batch[..taken].Select(i => i.Seq), Is.EqualTo(new ulong[] { 1, 2, 3, 4, 5 }));
            Assert.That(queue.HasUnsent, Is.False);
            Assert.That(queue.Count, Is.EqualTo(5), "sent frames stay until acked");
        });
    }

    [Test]
    public void A_batch_stops_at_the_byte_budget_but_always_takes_one()
    {
        var queue = new OutboundQueue(capBytes: 1_000_000);
        queue.Enqueue(Messages.Numbered(0), 5000);
        queue.Enqueue(Messages.Numbered(1), 100);
        var batch = new OutboundQueue.Item[10];

        Assert.Multiple(() =>
        {
            Assert.That(queue.TakeUnsent(batch, maxBytes: 1000), Is.EqualTo(1));
            Assert.That(queue.TakeUnsent(batch, maxBytes: 1000), Is.EqualTo(1));
            Assert.That(queue.TakeUnsent(batch, maxBytes: 1000), Is.Zero);
        });
    }

    [Test]
    public void An_ack_removes_every_frame_up_to_it_and_a_rewind_resends_the_rest()
    {
        var queue = new OutboundQueue(capBytes: 1_000_000);
        for (var i = 0; i < 6; i++)
        {
            queue.Enqueue(Messages.Numbered(i), 100);
        }
        var batch = new OutboundQueue.Item[4];
        queue.TakeUnsent(batch, 1_000_000);

        queue.Acknowledge(2);
        var resent = queue.RewindForResend();
        var all = new OutboundQueue.Item[10];
        var again = queue.TakeUnsent(all, 1_000_000);

        Assert.Multiple(() =>
        {
            Assert.That(resent, Is.EqualTo(2), "seq 3 and 4 were sent and not acked");
            Assert.That(all[..again].Select(i => i.Seq), Is.EqualTo(new ulong[] { 3, 4, 5, 6 }));
            Assert.That(queue.Count, Is.EqualTo(4));
            Assert.That(queue.Bytes, Is.EqualTo(400));
        });
    }

    [Test]
    public void An_ack_for_frames_never_sent_does_not_discard_them()
    {
        var queue = new OutboundQueue(capBytes: 1_000_000);
        for (var i = 0; i < 4; i++)
        {
            queue.Enqueue(Messages.Numbered(i), 100);
        }
        queue.TakeUnsent(new OutboundQueue.Item[2], 1_000_000);

        queue.Acknowledge(ulong.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(queue.Count, Is.EqualTo(2));
            Assert.That(queue.HasUnsent, Is.True);
        });
    }

    [Test]
    public void Over_the_byte_cap_the_oldest_frames_are_dropped_and_counted()
    {
        var queue = new OutboundQueue(capBytes: 1000);
        var dropped = 0;
        for (var i = 0; i < 25; i++)
        {
            dropped += queue.Enqueue(Messages.Numbered(i), 100);
        }
        var batch = new OutboundQueue.Item[100];

        var taken = queue.TakeUnsent(batch, long.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.EqualTo(15));
            Assert.That(queue.Dropped, Is.EqualTo(15));
            Assert.That(queue.Bytes, Is.EqualTo(1000));
            Assert.That(batch[..taken].Select(i => Messages.NumberOf(new InboundMessage("x", i.Envelope))),
                Is.EqualTo(Enumerable.Range(15, 10).Select(i => (long)i)), "the newest ten remain, in order");
        });
    }

    [Test]
    public void Dropping_sent_frames_keeps_the_unsent_ones_in_line()
    {
        var queue = new OutboundQueue(capBytes: 300);
        queue.Enqueue(Messages.Numbered(0), 100);
        queue.Enqueue(Messages.Numbered(1), 100);
        queue.TakeUnsent(new OutboundQueue.Item[1], long.MaxValue);
        queue.Enqueue(Messages.Numbered(2), 100);

        queue.Enqueue(Messages.Numbered(3), 100);
        queue.Enqueue(Messages.Numbered(4), 100);
        var batch = new OutboundQueue.Item[10];
        var taken = queue.TakeUnsent(batch, long.MaxValue);

        Assert.That(batch[..taken].Select(i => i.Seq), Is.EqualTo(new ulong[] { 3, 4, 5 }));
    }

    [Test]
    public void A_single_frame_larger_than_the_cap_is_still_kept()
    {
        var queue = new OutboundQueue(capBytes: 100);
        queue.Enqueue(Messages.Numbered(0), 50);

        var dropped = queue.Enqueue(Messages.Numbered(1), 500);

        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.EqualTo(1));
            Assert.That(queue.Count, Is.EqualTo(1));
        });
    }
}
