namespace DumboFL.Learning.Swarm;

/// <summary>
/// Breaks ties with the seeded generator: the next link's order is kept but started at a random place (wrapping), so
/// nodes seeing the same availability still fetch different chunks first and have something to trade — while a seed
/// replays the same run.
/// </summary>
internal sealed class RandomisedPicker(IChunkPicker next, Random random) : IChunkPicker
{
    public void Order(IReadOnlyList<ChunkCandidate> candidates, List<ChunkCandidate> order)
    {
        var start = order.Count;
        next.Order(candidates, order);
        var count = order.Count - start;
        if (count < 2)
        {
            return;
        }
        var shift = random.Next(count);
        var ordered = order.GetRange(start, count);
        for (var i = 0; i < count; i++)
        {
            order[start + i] = ordered[(i + shift) % count];
        }
    }
}
