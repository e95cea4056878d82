using DumboFL.Core.Hashing;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

[TestFixture]
public sealed class CommittedIdFilterTests
{
    private static Hash32 Id(int i, int tag) => Hash32.Of(BitConverter.GetBytes(((long)tag << 32) | (uint)i));

    [Test]
    public void Every_added_id_is_reported_across_segment_growth()
    {
        var filter = new CommittedIdFilter();
        const int count = 3_500_000; // past the first two segments (2^20, then 2^21)
        for (var i = 0; i < count; i++)
        {
            filter.Add(Id(i, 1));
        }
        var missing = Enumerable.Range(0, count).Count(i => !filter.MightContain(Id(i, 1)));
        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Zero, "a Bloom filter never forgets");
            Assert.That(filter.Count, Is.EqualTo(count));
        });
    }

    [Test]
    public void Absent_ids_are_mostly_reported_absent()
    {
        var filter = new CommittedIdFilter();
        // A full first segment and most of the second: the worst case before a third segment starts.
        for (var i = 0; i < 2_900_000; i++)
        {
            filter.Add(Id(i, 1));
        }
        var falsePositives = Enumerable.Range(0, 200_000).Count(i => filter.MightContain(Id(i, 2)));
        // About 0.1 % per full segment by design (two here); 0.5 % leaves room for hash variance and still fails a filter
        // that ignores its bits, sets too few, or puts them outside the id's block.
        Assert.That(falsePositives, Is.LessThan(1_000), $"{falsePositives} of 200,000 absent ids reported present");
    }

    [Test]
    public void A_planned_capacity_is_one_segment_until_it_is_exceeded()
    {
        const int capacity = 300_000;
        var filter = new CommittedIdFilter(capacity);
        for (var i = 0; i < capacity; i++)
        {
            filter.Add(Id(i, 3));
        }
        var (segments, bytes) = (filter.SegmentCount, filter.Bytes);
        filter.Add(Id(capacity, 3));
        Assert.Multiple(() =>
        {
            Assert.That(segments, Is.EqualTo(1), "every planned id fits the first segment");
            // 20 bits an id, rounded up to whole 512-bit blocks.
            Assert.That(bytes, Is.InRange(capacity * 20L / 8, (capacity * 20L / 8) + 64));
            Assert.That(filter.SegmentCount, Is.EqualTo(2), "the next id opens a second segment");
            Assert.That(filter.Bytes, Is.InRange(bytes * 3, (bytes * 3) + 64), "which is twice the first");
            Assert.That(filter.MightContain(Id(capacity, 3)) && filter.MightContain(Id(0, 3)), Is.True);
        });
    }

    [Test]
    public void A_capacity_below_one_is_refused() =>
        Assert.That(() => new CommittedIdFilter(0), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void An_empty_filter_contains_nothing() =>
        Assert.That(new CommittedIdFilter().MightContain(Id(1, 1)), Is.False);
}
