using DumboFL.Learning.Aggregation;
using DumboFL.Learning.Model;

namespace DumboFL.Learning.Tests;

/// <summary>Every aggregator is order-independent to the bit, computes what it claims, and the robust ones resist an outlier.</summary>
[TestFixture]
public sealed class AggregationTests
{
    private static readonly ModelLayout Layout = new([new("w", [3])]);

    private static ClientUpdate Update(string client, long samples, params float[] values) => new(client, new ModelParameters(Layout, values), samples);

    private static ClientUpdate[] Honest() =>
    [
        Update("a", 10, 1.0f, 2.0f, 3.0f),
        Update("b", 30, 1.2f, 2.2f, 2.8f),
        Update("c", 20, 0.9f, 1.9f, 3.1f),
        Update("d", 40, 1.1f, 2.1f, 3.0f),
        Update("e", 25, 1.0f, 2.05f, 2.95f),
    ];

    [TestCase(AggregatorKind.FedAvg)]
    [TestCase(AggregatorKind.Median)]
    [TestCase(AggregatorKind.TrimmedMean)]
    [TestCase(AggregatorKind.Krum)]
    public void Any_arrival_order_gives_the_same_bytes(AggregatorKind kind)
    {
        var updates = Honest().Append(Update("z", 5, 0.3f, -7f, 1e-7f)).ToArray();
        var reference = Aggregator.Aggregate(updates, kind).Encode();
        var random = new Random(1);
        for (var i = 0; i < 20; i++)
        {
            Assert.That(Aggregator.Aggregate(updates.OrderBy(_ => random.Next()).ToArray(), kind).Encode(), Is.EqualTo(reference));
        }
    }

    [Test]
    public void FedAvg_weights_by_samples()
    {
        var result = Aggregator.Aggregate([Update("a", 1, 0f, 4f, 10f), Update("b", 3, 4f, 0f, 10f)], AggregatorKind.FedAvg);
        Assert.That(result.Values, Is.EqualTo(new[] { 3f, 1f, 10f }));
    }

    [Test]
    public void Median_and_trimmed_mean_ignore_one_wild_update_that_moves_FedAvg()
    {
        var poisoned = Honest().Append(Update("x", 1000, 1e6f, -1e6f, 1e6f)).ToArray();
        var fedAvg = Aggregator.Aggregate(poisoned, AggregatorKind.FedAvg).Values;
        var median = Aggregator.Aggregate(poisoned, AggregatorKind.Median).Values;
        var trimmed = Aggregator.Aggregate(poisoned, AggregatorKind.TrimmedMean, new AggregationOptions { TrimFraction = 0.2 }).Values;
        Assert.Multiple(() =>
        {
            Assert.That(Math.Abs(fedAvg[0]), Is.GreaterThan(1000), "FedAvg is pulled away");
            Assert.That(median, Is.EqualTo(new[] { 1.05f, 2.025f, 3.0f }).Within(1e-5));
            Assert.That(trimmed[0], Is.InRange(0.9f, 1.2f));
            Assert.That(trimmed[1], Is.InRange(1.9f, 2.2f));
        });
    }

    [Test]
    public void Krum_picks_an_honest_update_over_a_far_one()
    {
        var poisoned = Honest().Append(Update("x", 1, 50f, 50f, 50f)).ToArray();
        var chosen = Aggregator.Aggregate(poisoned, AggregatorKind.Krum, new AggregationOptions { ByzantineUpdates = 1 });
        Assert.That(Honest().Select(h => h.Model.Values), Has.Some.EqualTo(chosen.Values));
    }

    [Test]
    public void Mismatched_layouts_duplicate_clients_and_too_few_updates_for_Krum_are_refused()
    {
        var other = new ClientUpdate("q", new ModelParameters(new ModelLayout([new("w", [4])]), new float[4]), 1);
        Assert.Multiple(() =>
        {
            Assert.That(() => Aggregator.Aggregate([Honest()[0], other], AggregatorKind.FedAvg), Throws.ArgumentException.With.Message.Contains("layouts"));
            Assert.That(() => Aggregator.Aggregate([Honest()[0], Honest()[0]], AggregatorKind.Median), Throws.ArgumentException.With.Message.Contains("one update per client"));
            Assert.That(() => Aggregator.Aggregate(Honest()[..4], AggregatorKind.Krum, new AggregationOptions { ByzantineUpdates = 1 }), Throws.ArgumentException.With.Message.Contains("at least 5"));
            Assert.That(() => Aggregator.Aggregate([], AggregatorKind.FedAvg), Throws.ArgumentException);
        });
    }
}
