using DumboFL.Consensus.Wire;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests;

public class BatchTests
{
    private static byte[][] Items(int count, int salt = 0) =>
        [.. Enumerable.Range(0, count).Select(i => BitConverter.GetBytes((i * 31) + salt))];

    [Test]
    public void Item_ids_are_the_SHA_256_of_each_item_in_order()
    {
        var items = Items(5);

        Assert.That(new Batch(items).ItemIds, Is.EqualTo(items.Select(i => Hash32.Of(i))));
    }

    [Test]
    public void The_digest_commits_to_every_item_and_their_order()
    {
        var items = Items(6);
        var digest = new Batch(items).Digest;
        var changed = Items(6);
        changed[3] = [.. changed[3], 0];
        var swapped = Items(6);
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);

        Assert.Multiple(() =>
        {
            Assert.That(new Batch(Items(6)).Digest, Is.EqualTo(digest), "deterministic");
            Assert.That(new Batch(changed).Digest, Is.Not.EqualTo(digest));
            Assert.That(new Batch(swapped).Digest, Is.Not.EqualTo(digest));
            Assert.That(new Batch(items[..5]).Digest, Is.Not.EqualTo(digest));
            Assert.That(Batch.Empty.Digest, Is.Not.EqualTo(digest));
        });
    }

    [Test]
    public void A_batch_decoded_from_the_wire_arrives_with_the_senders_ids_and_digest()
    {
        var sent = new Batch(Items(40, salt: 7));
        var bytes = ConsensusCodec.Encode(new PrbcValue(3, 1, sent));

        var received = ((PrbcValue)ConsensusCodec.Decode(bytes, new WireLimits(4, 1024, 100))).Batch;

        Assert.Multiple(() =>
        {
            Assert.That(received.Digest, Is.EqualTo(sent.Digest));
            Assert.That(received.ItemIds, Is.EqualTo(sent.ItemIds));
        });
    }
}
