using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Validation;

/// <summary>
/// The committed state of one shard's ledger as validation sees it, read from the store plus what the
/// block being applied has already accepted (so a batch cannot commit one entry twice). The FL round in
/// progress is one past the latest committed aggregate's round.
/// </summary>
public sealed class LedgerState : ILedgerView
{
    private readonly ILedgerStore _store;
    private readonly Func<string, bool> _isKnownClient;
    private readonly HashSet<Hash32> _applying = [];
    private readonly Dictionary<(ulong Round, string Client), uint> _applyingUpdates = [];

    public LedgerState(ILedgerStore store, uint shard, uint shardCount, Func<string, bool> isKnownClient)
    {
        _store = store;
        Shard = shard;
        ShardCount = shardCount;
        _isKnownClient = isKnownClient;
        CurrentRound = LatestAggregateRound(store) is { } round ? round + 1 : 0;
    }

    public uint Shard { get; }

    public uint ShardCount { get; }

    public ulong CurrentRound { get; private set; }

    public long Generation { get; private set; }

    public bool IsKnownClient(string client) => _isKnownClient(client);

    public bool IsCommitted(Hash32 entryId) =>
        _applying.Contains(entryId) || _store.ContainsEntry(entryId);

    public uint? CommittedChunkCount(ulong round, string client)
    {
        if (_applyingUpdates.TryGetValue((round, client), out var count))
        {
            return count;
        }
        return _store.FindByRoundClient(round, client).OfType<ModelUpdate>().FirstOrDefault()?.ChunkCount;
    }

    /// <summary>Counts an accepted entry of the block being built as committed.</summary>
    internal void Accept(LedgerEntry entry)
    {
        _applying.Add(entry.Id);
        if (entry is ModelUpdate update)
        {
            _applyingUpdates[(update.Round, update.Client)] = update.ChunkCount;
        }
    }

    /// <summary>The block was stored (or dropped): its entries are now the store's to answer for.</summary>
    internal void EndBlock(IEnumerable<LedgerEntry> stored)
    {
        foreach (var entry in stored)
        {
            if (entry is Aggregate aggregate)
            {
                CurrentRound = Math.Max(CurrentRound, aggregate.Round + 1);
                Generation++;
            }
            else if (entry is ModelUpdate)
            {
                Generation++;
            }
        }
        _applying.Clear();
        _applyingUpdates.Clear();
    }

    private static ulong? LatestAggregateRound(ILedgerStore store)
    {
        if (store.Height is not { } height)
        {
            return null;
        }
        // Aggregates are rare and recent: walk back from the tip until one is found.
        for (var h = (long)height; h >= 0; h--)
        {
            if (store.GetBlock((ulong)h)?.Entries.OfType<Aggregate>().Select(a => (ulong?)a.Round).Max() is { } round)
            {
                return round;
            }
        }
        return null;
    }
}
