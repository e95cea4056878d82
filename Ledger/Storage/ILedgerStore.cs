using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Storage;

/// <summary>Where an entry sits: its block, its group, its position in the group's tree.</summary>
public sealed record EntryLocation(ulong Height, EntryGroup Group, int GroupIndex, int IndexInGroup, LedgerEntry Entry);

/// <summary>
/// A shard's committed blocks. Append is atomic: the block, its entries and the applied height are
/// written together or not at all, so a crash leaves no gap and no torn block. One writer per store.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>The height of the latest block, or null while the ledger is empty.</summary>
    ulong? Height { get; }

    /// <summary>
    /// Appends the next block: its height must be <see cref="Height"/> + 1 (0 for the first) and its
    /// previous hash the latest header's hash; otherwise <see cref="InvalidOperationException"/> and nothing is written.
    /// </summary>
    void Append(Block block);

    /// <summary>Attaches (or replaces with a larger one) the certificate of a stored block.</summary>
    void SetCertificate(ulong height, QuorumCertificate certificate);

    BlockHeader? GetHeader(ulong height);

    Block? GetBlock(ulong height);

    EntryLocation? FindEntry(Hash32 entryId);

    bool ContainsEntry(Hash32 entryId);

    /// <summary>Visits the id of every committed entry (in no particular order): what a node loads its committed-id filter from.</summary>
    void ForEachEntryId(Action<Hash32> visit);

    /// <summary>Makes every appended block durable (a store that commits each append at once has nothing to do).</summary>
    void Flush()
    {
    }

    /// <summary>
    /// The committed cross-shard state of the tx whose input form has id <paramref name="legId"/>: input shards whose legs
    /// are accepted here (until its output leg commits) and whether it aborted here (docs/CROSS_SHARD.md).
    /// </summary>
    CrossShardState FindCrossShard(Hash32 legId);

    /// <summary>Whether the legs of block <paramref name="height"/> of <paramref name="inputShard"/> are accepted here.</summary>
    bool IsAccepted(uint inputShard, ulong height);

    /// <summary>
    /// Stages changes to the cross-shard protocol's in-flight rows (docs/CROSS_SHARD.md, "Durability"): written in the
    /// same transaction as the next block (a store that commits each append at once writes them at once). A null value
    /// deletes the row.
    /// </summary>
    void StageCrossShardPending(IReadOnlyList<(string Key, byte[]? Value)> changes);

    /// <summary>The cross-shard in-flight rows as last made durable.</summary>
    IReadOnlyList<(string Key, byte[] Value)> LoadCrossShardPending();

    /// <summary>Committed entries of one FL client in one round (chunk commits and its update), in commit order.</summary>
    IReadOnlyList<LedgerEntry> FindByRoundClient(ulong round, string client);
}
