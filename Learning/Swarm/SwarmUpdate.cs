using DumboFL.Core.Hashing;

namespace DumboFL.Learning.Swarm;

/// <summary>
/// One committed update the swarm exchanges: the ledger's ModelUpdate root and every ChunkCommit's hash and size, in
/// index order. The swarm trusts nothing else: a piece is stored only if it hashes to the committed chunk hash, so a
/// peer can slow a node down but never make it hold bytes the ledger did not commit. Higher <see cref="Priority"/> is
/// fetched first (ARCHITECTURE.md §9, the priority picker).
/// </summary>
public sealed record SwarmUpdate(ulong Round, string Client, Hash32 Root, IReadOnlyList<Hash32> ChunkHashes, IReadOnlyList<int> ChunkSizes, int Priority = 0);
