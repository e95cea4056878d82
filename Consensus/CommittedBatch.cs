using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// The output of one epoch: the decided proposals' items in a deterministic order (proposer index, then
/// position), duplicates removed. <see cref="Digest"/> commits to the epoch and the ordered items.
/// </summary>
public sealed record CommittedBatch(ulong Epoch, IReadOnlyList<byte[]> Items, IReadOnlyList<int> Proposers, Hash32 Digest)
{
    /// <summary>SHA-256 of each item, in item order (computed while removing duplicates), so the ledger need not hash again.</summary>
    public IReadOnlyList<Hash32>? ItemIds { get; init; }
}
