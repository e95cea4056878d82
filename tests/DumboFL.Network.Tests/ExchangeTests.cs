using DumboFL.Network.Tests.Support;

namespace DumboFL.Network.Tests;

[Parallelizable(ParallelScope.None)]
public class ExchangeTests
{
    [Test]
    public async Task Four_nodes_deliver_every_message_once_and_in_order_from_each_sender()
    {
        const int perPeer = 500;
        await using var cluster = await LoopbackCluster.StartAsync(shards: 1, perShard: 4);
        var ids = cluster.Addresses.Select(a => a.Id).ToArray();

        foreach (var from in ids)
        {
            for (var i = 0; i < perPeer; i++)
            {
                foreach (var to in ids)
                {
                    cluster[from].Send(to, Messages.Numbered(i));
                }
            }
        }

        foreach (var to in ids)
        {
            var received = await Eventually.ReadAsync(cluster[to].Inbound, perPeer * 3);
            var bySender = received.GroupBy(m => m.From).ToDictionary(g => g.Key, g => g.Select(Messages.NumberOf).ToList());
            Assert.Multiple(() =>
            {
                Assert.That(bySender.Keys, Is.EquivalentTo(ids.Where(i => i != to)), $"senders seen by {to}");
                foreach (var (from, numbers) in bySender)
                {
                    Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, perPeer).Select(n => (long)n)), $"{from} -> {to}");
                }
                Assert.That(cluster[to].Inbound.TryRead(out _), Is.False, $"{to} got more than was sent");
            });
        }
    }
}
