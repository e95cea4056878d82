namespace DumboFL.Learning.Swarm;

/// <summary>
/// Higher-priority updates first, and at equal priority older rounds first: an older round is the one aggregation is
/// waiting on.
/// </summary>
internal sealed class PriorityPicker(IChunkPicker next) : IChunkPicker
{
    public void Order(IReadOnlyList<ChunkCandidate> candidates, List<ChunkCandidate> order)
    {
        var groups = candidates.GroupBy(c => (c.Priority, c.Chunk.Round)).OrderByDescending(g => g.Key.Priority).ThenBy(g => g.Key.Round);
        foreach (var group in groups)
        {
            next.Order(group.ToList(), order);
        }
    }
}
