namespace DumboFL.Learning.Swarm;

/// <summary>
/// One link of the picker chain (ARCHITECTURE.md §9: priority → rarest-first → randomised → standard). Each link
/// orders what it cares about and hands every group of ties to the next, so a policy can be added or dropped without
/// touching the others.
/// </summary>
internal interface IChunkPicker
{
    /// <summary>Appends <paramref name="candidates"/> to <paramref name="order"/>, the one to request first first.</summary>
    void Order(IReadOnlyList<ChunkCandidate> candidates, List<ChunkCandidate> order);
}
