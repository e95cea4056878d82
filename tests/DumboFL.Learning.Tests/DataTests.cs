using DumboFL.Learning.Data;

namespace DumboFL.Learning.Tests;

[TestFixture]
public sealed class DataTests
{
    [Test]
    public void Dirichlet_partitions_use_every_example_once_and_skew_labels_more_for_small_alpha()
    {
        var (train, _) = SyntheticData.Generate(seed: 11, trainCount: 2000);
        var skewed = SyntheticData.Partition(train, clients: 8, alpha: 0.1, seed: 1);
        var even = SyntheticData.Partition(train, clients: 8, alpha: 100, seed: 1);

        static double MeanDominantShare(IReadOnlyList<Dataset> parts) =>
            parts.Average(p => p.Labels.GroupBy(l => l).Max(g => g.Count()) / (double)p.Count);

        Assert.Multiple(() =>
        {
            Assert.That(skewed.Sum(p => p.Count), Is.EqualTo(train.Count));
            Assert.That(even.Sum(p => p.Count), Is.EqualTo(train.Count));
            Assert.That(skewed.Select(p => p.Count), Is.All.GreaterThan(0));
            Assert.That(MeanDominantShare(skewed), Is.GreaterThan(0.6), "α = 0.1: most of a client's data is one class");
            Assert.That(MeanDominantShare(even), Is.LessThan(0.4), "α = 100: close to the four classes' even share");
            Assert.That(SyntheticData.Partition(train, 8, 0.1, seed: 1).Select(p => p.Labels), Is.EqualTo(skewed.Select(p => p.Labels)), "same seed, same split");
        });
    }

    [Test]
    public void A_csv_file_with_a_header_loads()
    {
        var data = CsvDataset.Parse(new StringReader("label,x,y\n0,1.5,2\n\n1,-3,4e-1\n2,0,0\n"), "t.csv");
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(3));
            Assert.That(data.FeatureCount, Is.EqualTo(2));
            Assert.That(data.ClassCount, Is.EqualTo(3));
            Assert.That(data.Features, Is.EqualTo(new[] { 1.5f, 2f, -3f, 0.4f, 0f, 0f }));
        });
    }

    [TestCase("0,1,2\n1,3\n", "t.csv:2: 1 features, earlier lines have 2")]
    [TestCase("0,1\nx1,2\n", "t.csv:2:1: the label 'x1'")]
    [TestCase("0,1\n1,abc\n", "t.csv:2:2: 'abc' is not a finite number")]
    [TestCase("0,1\n-1,2\n", "t.csv:2:1: the label '-1'")]
    [TestCase("0,NaN\n1,2\n", "t.csv:1:2: 'NaN'")]
    [TestCase("0,1\n0,2\n", "at least two classes")]
    [TestCase("label,x\n", "no examples")]
    [TestCase("0\n", "t.csv:1: expected 'label,f1,f2,…'")]
    public void A_malformed_csv_is_refused_naming_the_line(string text, string expected) =>
        Assert.That(() => CsvDataset.Parse(new StringReader(text), "t.csv"), Throws.TypeOf<InvalidDataException>().With.Message.Contains(expected));

    [Test]
    public void A_missing_file_is_a_clear_error() =>
        Assert.That(() => CsvDataset.Load("/nonexistent/data.csv"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no such file"));
}
