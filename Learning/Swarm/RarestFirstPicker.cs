namespace DumboFL.Learning.Swarm;

/// <summary>
/// Chunks held by the fewest usable neighbours first: they are the ones most likely to become unreachable, and once
/// fetched they make this node a source others lack.
/// </summary>
internal sealed class RarestFirstPicker(IChunkPicker next) : IChunkPicker
{
    public void Order(IReadOnlyList<ChunkCandidate> candidates, List<ChunkCandidate> order)
    {
        foreach (var group in candidates.GroupBy(c => c.Availability).OrderBy(g => g.Key))
        {
            next.Order(group.ToList(), order);
        }
    }
}
