using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;

namespace DumboFL.Learning.Tests;

/// <summary>The picker chain of ARCHITECTURE.md §9: priority → rarest-first → randomised → standard, link by link.</summary>
[TestFixture]
public sealed class SwarmPickerTests
{
    private static ChunkCandidate Candidate(int index, int availability, int priority = 0, ulong round = 1, string client = "c") =>
        new(new ChunkKey(round, client, index), priority, availability);

    private static List<ChunkCandidate> Order(IChunkPicker picker, params ChunkCandidate[] candidates)
    {
        var order = new List<ChunkCandidate>();
        picker.Order(candidates, order);
        return order;
    }

    private static IChunkPicker Chain(int seed) => new PriorityPicker(new RarestFirstPicker(new RandomisedPicker(new StandardPicker(), new Random(seed))));

    [Test]
    public void Rarest_first_orders_by_availability_then_index()
    {
        var order = Order(new RarestFirstPicker(new StandardPicker()),
            Candidate(0, 3), Candidate(1, 1), Candidate(2, 2), Candidate(3, 1), Candidate(4, 5));
        Assert.That(order.Select(c => c.Chunk.Index), Is.EqualTo(new[] { 1, 3, 2, 0, 4 }));
    }

    [Test]
    public void Priority_comes_before_rarity_and_older_rounds_before_newer()
    {
        var order = Order(Chain(seed: 1),
            Candidate(0, availability: 1, priority: 0, round: 1, client: "rare"),
            Candidate(0, availability: 7, priority: 2, round: 1, client: "urgent"),
            Candidate(0, availability: 1, priority: 0, round: 2, client: "newer"),
            Candidate(0, availability: 9, priority: 0, round: 1, client: "common"));
        Assert.That(order.Select(c => c.Chunk.Client), Is.EqualTo(new[] { "urgent", "rare", "common", "newer" }));
    }

    [Test]
    public void Randomised_tie_break_is_reproducible_per_seed_and_varies_across_seeds()
    {
        var ties = Enumerable.Range(0, 16).Select(i => Candidate(i, availability: 2)).ToArray();
        var firsts = new HashSet<int>();
        for (var seed = 0; seed < 20; seed++)
        {
            var once = Order(Chain(seed), ties).Select(c => c.Chunk.Index).ToArray();
            var again = Order(Chain(seed), ties).Select(c => c.Chunk.Index).ToArray();
            Assert.That(again, Is.EqualTo(once), $"seed {seed}");
            Assert.That(once.Order(), Is.EqualTo(Enumerable.Range(0, 16)), $"seed {seed}: every candidate once");
            firsts.Add(once[0]);
        }
        Assert.That(firsts, Has.Count.GreaterThanOrEqualTo(5), "the first pick should depend on the seed");
    }

    [Test]
    public void Randomised_ties_stay_inside_their_rarity_group()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var order = Order(Chain(seed), Candidate(0, 2), Candidate(1, 1), Candidate(2, 2), Candidate(3, 1));
            Assert.That(order.Select(c => c.Availability), Is.EqualTo(new[] { 1, 1, 2, 2 }), $"seed {seed}");
        }
    }

    [Test]
    public void Standard_falls_back_to_index_order_by_round_and_client()
    {
        var order = Order(new StandardPicker(),
            Candidate(2, 1, client: "b"), Candidate(1, 1, client: "b"), Candidate(5, 1, client: "a"), Candidate(0, 1, round: 2, client: "a"));
        Assert.That(order.Select(c => (c.Chunk.Round, c.Chunk.Client, c.Chunk.Index)),
            Is.EqualTo(new[] { (1UL, "a", 5), (1UL, "b", 1), (1UL, "b", 2), (2UL, "a", 0) }));
    }
}
