using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests;

public class AddressingTests
{
    [Test]
    public async Task Send_to_shard_reaches_every_node_of_that_shard_but_self()
    {
        await using var cluster = await LoopbackCluster.StartAsync(shards: 2, perShard: 2);

        cluster["0-0"].SendToShard(1, Messages.Numbered(10));
        cluster["0-0"].SendToShard(0, Messages.Numbered(20));

        Assert.Multiple(async () =>
        {
            Assert.That(Messages.NumberOf((await Eventually.ReadAsync(cluster["1-0"].Inbound, 1))[0]), Is.EqualTo(10));
            Assert.That(Messages.NumberOf((await Eventually.ReadAsync(cluster["1-1"].Inbound, 1))[0]), Is.EqualTo(10));
            Assert.That(Messages.NumberOf((await Eventually.ReadAsync(cluster["0-1"].Inbound, 1))[0]), Is.EqualTo(20));
            await Eventually.HoldsAsync(() => cluster["0-0"].Links().All(l => l.Queued == 0), "everything acked");
            Assert.That(cluster["0-0"].Inbound.Count, Is.Zero, "nothing to self");
            Assert.That(cluster["1-0"].Inbound.Count + cluster["1-1"].Inbound.Count + cluster["0-1"].Inbound.Count, Is.Zero);
        });
    }

    [Test]
    public async Task Send_to_all_reaches_every_other_node_once_with_the_same_payload()
    {
        await using var cluster = await LoopbackCluster.StartAsync(shards: 2, perShard: 2);
        var shared = Messages.Numbered(77, size: 500);

        cluster["1-1"].SendToAll(shared);
        cluster["1-1"].Send("1-1", shared);

        foreach (var id in new[] { "0-0", "0-1", "1-0" })
        {
            var message = (await Eventually.ReadAsync(cluster[id].Inbound, 1))[0];
            Assert.Multiple(() =>
            {
                Assert.That(message.From, Is.EqualTo("1-1"));
                Assert.That(message.Envelope.Payload.ToArray(), Is.EqualTo(shared.Payload.ToArray()));
                Assert.That((message.Envelope.Channel, message.Envelope.Shard, message.Envelope.Epoch),
                    Is.EqualTo((shared.Channel, shared.Shard, shared.Epoch)));
            });
        }
        await Eventually.HoldsAsync(() => cluster["1-1"].Links().All(l => l.Queued == 0), "everything acked");
        Assert.That(cluster["1-1"].Inbound.Count, Is.Zero, "a node never sends to itself");
    }

    [Test]
    public async Task Sending_to_an_unknown_node_or_over_the_frame_limit_is_refused_up_front()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1, 2, options: _ => new NetworkOptions { MaxFrameBytes = 4096 });
        var node = cluster["0-0"];

        Assert.Multiple(() =>
        {
            Assert.That(() => node.Send("9-9", Messages.Numbered(1)), Throws.ArgumentException);
            Assert.That(() => node.Send("0-1", Messages.Numbered(1, size: 4096)), Throws.ArgumentException);
            Assert.That(() => node.SendToAll(Messages.Numbered(1, size: 4096)), Throws.ArgumentException);
            Assert.That(() => node.Send("0-1", Messages.Numbered(1, size: 4000)), Throws.Nothing);
            Assert.That(node.Links().Single().Queued, Is.EqualTo(1));
        });
    }
}
