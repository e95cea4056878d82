using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests.Launch;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Bounds = [10, 20, 40, 80];

    [Test]
    public void Quantiles_interpolate_inside_their_bucket()
    {
        var histogram = new LatencyHistogram(Bounds, [0, 10, 0, 0, 0]);
        Assert.Multiple(() =>
        {
            Assert.That(histogram.Quantile(0.5), Is.EqualTo(15).Within(1e-9));
            Assert.That(histogram.Quantile(1.0), Is.EqualTo(20).Within(1e-9));
            Assert.That(LatencyHistogram.Empty.Quantile(0.5), Is.Null);
        });
    }

    [Test]
    public void Overflow_bucket_reports_the_last_bound()
    {
        var histogram = new LatencyHistogram(Bounds, [1, 0, 0, 0, 99]);
        Assert.That(histogram.Quantile(0.99), Is.EqualTo(80));
    }

    [Test]
    public void Nodes_add_up_bucket_by_bucket()
    {
        var a = new LatencyHistogram(Bounds, [1, 2, 3, 4, 0]);
        var b = new LatencyHistogram(Bounds, [4, 3, 2, 1]);
        var sum = LatencyHistogram.Empty.Add(a).Add(b);
        Assert.Multiple(() =>
        {
            Assert.That(sum.Counts, Is.EqualTo(new long[] { 5, 5, 5, 5, 0 }));
            Assert.That(sum.Total, Is.EqualTo(20));
            Assert.That(() => a.Add(new LatencyHistogram([1, 2], [1, 1])), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Since_subtracts_an_earlier_snapshot_unless_the_node_restarted()
    {
        var earlier = new LatencyHistogram(Bounds, [1, 1, 0, 0, 0]);
        var later = new LatencyHistogram(Bounds, [3, 1, 2, 0, 0]);
        var restarted = new LatencyHistogram(Bounds, [0, 0, 1, 0, 0]);
        Assert.Multiple(() =>
        {
            Assert.That(later.Since(earlier).Counts, Is.EqualTo(new long[] { 2, 0, 2, 0, 0 }));
            Assert.That(restarted.Since(earlier).Counts, Is.EqualTo(restarted.Counts), "counts began again from zero");
        });
    }
}
