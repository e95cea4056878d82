using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Validation;

/// <summary>
/// The committed state validation consults. At commit time it must reflect only committed history (the
/// same at every honest node), so validation there is deterministic.
/// </summary>
public interface ILedgerView
{
    uint Shard { get; }

    /// <summary>The shard count of the cluster (valid shard ids are 0..ShardCount−1).</summary>
    uint ShardCount { get; }

    /// <summary>The FL round in progress.</summary>
    ulong CurrentRound { get; }

    bool IsKnownClient(string client);

    bool IsCommitted(Hash32 entryId);

    /// <summary>The chunk count of the committed ModelUpdate of (round, client), if there is one.</summary>
    uint? CommittedChunkCount(ulong round, string client);

    /// <summary>Whether node <paramref name="holder"/> of this shard already vouched (a committed UpdateHeld) for (round, client)'s update.</summary>
    bool HasVouched(ulong round, string client, int holder);

    /// <summary>
    /// How many of the shard's FL clients have a committed round-<paramref name="round"/> update that at least
    /// <paramref name="holders"/> distinct nodes vouched for (committed <c>UpdateHeld</c>s with its root); null when the
    /// view does not know the shard's FL clients. Committed blocks only: the same at every honest node.
    /// </summary>
    int? AvailableUpdates(ulong round, int holders);

    /// <summary>The committed cross-shard state of the tx whose input form has id <paramref name="legId"/>.</summary>
    CrossShardState CrossShard(Hash32 legId);

    /// <summary>Whether the legs of block <paramref name="height"/> of <paramref name="inputShard"/> are accepted here.</summary>
    bool IsAccepted(uint inputShard, ulong height);

    /// <summary>
    /// Changes whenever a verdict could change for an entry whose own id was not committed: a new round, a committed
    /// model update (chunk counts, one update per client and round), a committed cross-shard abort. Entries whose id is committed leave the pending
    /// book by id, so plain commits need not change it. A pending book re-validates an entry only when this moved.
    /// </summary>
    long Generation { get; }
}
