using DumboFL.Learning.Chunks;

namespace DumboFL.Learning.Swarm;

/// <summary>
/// A chunk the requester could ask for now, with what the pickers order by: its update's priority and how many usable
/// neighbours (unchoking us, not banned, agreeing on the root) hold it.
/// </summary>
internal readonly record struct ChunkCandidate(ChunkKey Chunk, int Priority, int Availability);
