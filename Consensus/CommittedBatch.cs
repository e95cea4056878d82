using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// The output of one epoch: the decided proposals' items in a deterministic order (proposer index, then
/// position), duplicates removed. <see cref="Digest"/> commits to the epoch and the ordered items.
/// </summary>
public sealed record CommittedBatch(ulong Epoch, IReadOnlyList<byte[]> Items, IReadOnlyList<int> Proposers, Hash32 Digest);
