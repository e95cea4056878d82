using System.Threading.Channels;
using DumboFL.Consensus.Wire;
using DumboFL.Core.Hashing;
using DumboFL.Network;
using DumboFL.Runner.Node;
using DumboFL.Shards;
using Microsoft.Extensions.Logging.Abstractions;

namespace DumboFL.Runner.Tests.Node;

/// <summary>
/// The cross-shard channel at the decode stage: any node of the cluster may use it, but only under its own shard;
/// strangers, a shard that is not the sender's, and undecodable bytes are counted and dropped before the core.
/// </summary>
[TestFixture]
public sealed class InboundDecoderCrossShardTests
{
    private static InboundDecoder Decoder(bool multiShard)
    {
        var ids = Enumerable.Range(0, 4).ToDictionary(i => $"0-{i}", i => i, StringComparer.Ordinal);
        return new InboundDecoder(new InboundQueue(4), Channel.CreateUnbounded<CoreEvent>().Writer, ids, 0, new WireLimits(4, 1 << 16, 100), 1 << 16, NullLogger.Instance)
        {
            Cluster = multiShard
                ? Enumerable.Range(0, 2).SelectMany(s => Enumerable.Range(0, 4).Select(i => (Id: $"{s}-{i}", Place: ((uint)s, i)))).ToDictionary(p => p.Id, p => p.Place, StringComparer.Ordinal)
                : null,
        };
    }

    private static InboundMessage Message(string from, uint shard, byte[] payload) =>
        new(from, new Envelope(Channels.CrossShard, shard, 0, payload));

    private static byte[] Share() => CrossShardCodec.Encode(new SignShare(0, 7, Hash32.Of([1]), new byte[64]));

    [Test]
    public void A_node_of_another_shard_reaches_the_core_under_its_own_shard_and_index()
    {
        var decoder = Decoder(multiShard: true);
        var arrived = decoder.Decode(Message("1-2", 1, Share()));
        Assert.That(arrived, Is.EqualTo(new CrossShardArrived(1, 2, CrossShardCodec.Decode(Share()))).Using<CoreEvent>((a, b) =>
            a is CrossShardArrived x && b is CrossShardArrived y && x.Shard == y.Shard && x.Index == y.Index && x.Message.GetType() == y.Message.GetType()));
    }

    [Test]
    public void Strangers_a_wrong_shard_and_garbage_are_counted_and_dropped()
    {
        var decoder = Decoder(multiShard: true);
        Assert.Multiple(() =>
        {
            Assert.That(decoder.Decode(Message("9-9", 1, Share())), Is.Null, "not a node of the cluster");
            Assert.That(decoder.Decode(Message("1-2", 0, Share())), Is.Null, "claims shard 0, is a node of shard 1");
            Assert.That(decoder.Foreign, Is.EqualTo(2));
            Assert.That(decoder.Decode(Message("1-0", 1, [1, 2, 3, 4, 5])), Is.Null, "undecodable");
            Assert.That(decoder.Malformed, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_single_shard_node_takes_no_cross_shard_traffic()
    {
        var decoder = Decoder(multiShard: false);
        Assert.That(decoder.Decode(Message("0-1", 0, Share())), Is.Null);
        Assert.That(decoder.Foreign, Is.EqualTo(1));
    }
}
