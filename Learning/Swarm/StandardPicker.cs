namespace DumboFL.Learning.Swarm;

/// <summary>The end of the chain: index order (by round, then client id, ordinal), which always gives an answer.</summary>
internal sealed class StandardPicker : IChunkPicker
{
    public void Order(IReadOnlyList<ChunkCandidate> candidates, List<ChunkCandidate> order)
    {
        order.AddRange(candidates
            .OrderBy(c => c.Chunk.Round)
            .ThenBy(c => c.Chunk.Client, StringComparer.Ordinal)
            .ThenBy(c => c.Chunk.Index));
    }
}
