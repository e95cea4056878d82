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
    private readonly HashSet<(uint Shard, ulong Height)> _applyingAcceptedBlocks = [];
    private readonly Dictionary<Hash32, List<uint>> _applyingAcceptedLegs = [];
    private readonly HashSet<Hash32> _applyingAborts = [];
    private readonly HashSet<(ulong Round, string Client, int Holder)> _applyingVouches = [];

    private readonly IReadOnlyList<string>? _flClients;

    /// <param name="flClients">The shard's FL clients (its nodes), for <see cref="AvailableUpdates"/>; null: not known.</param>
    public LedgerState(ILedgerStore store, uint shard, uint shardCount, Func<string, bool> isKnownClient, IReadOnlyList<string>? flClients = null)
    {
        _store = store;
        _flClients = flClients;
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

    public int? AvailableUpdates(ulong round, int holders)
    {
        if (_flClients is null)
        {
            return null;
        }
        var available = 0;
        foreach (var client in _flClients)
        {
            var entries = _store.FindByRoundClient(round, client);
            if (entries.OfType<ModelUpdate>().FirstOrDefault() is { } update
                && entries.OfType<UpdateHeld>().Where(h => h.UpdateRoot == update.UpdateRoot).Select(h => h.Holder).Distinct().Count() >= holders)
            {
                available++;
            }
        }
        return available;
    }

    public bool HasVouched(ulong round, string client, int holder) =>
        _applyingVouches.Contains((round, client, holder))
        || _store.FindByRoundClient(round, client).OfType<UpdateHeld>().Any(h => h.Holder == holder);

    public CrossShardState CrossShard(Hash32 legId)
    {
        var stored = _store.FindCrossShard(legId);
        var applyingLegs = _applyingAcceptedLegs.GetValueOrDefault(legId);
        var aborting = _applyingAborts.Contains(legId);
        if (applyingLegs is null && !aborting)
        {
            return stored;
        }
        // The block being applied counts: an abort or accepted legs earlier in it decide the later entries' verdicts.
        var accepted = stored.AcceptedInputs.Union(applyingLegs ?? []).ToArray();
        return new CrossShardState(accepted, stored.Aborted || aborting);
    }

    public bool IsAccepted(uint inputShard, ulong height) =>
        _applyingAcceptedBlocks.Contains((inputShard, height)) || _store.IsAccepted(inputShard, height);

    /// <summary>Counts an accepted entry of the block being built as committed.</summary>
    internal void Accept(LedgerEntry entry)
    {
        _applying.Add(entry.Id);
        switch (entry)
        {
            case ModelUpdate update:
                _applyingUpdates[(update.Round, update.Client)] = update.ChunkCount;
                break;
            case LegsAccepted accepted:
                _applyingAcceptedBlocks.Add((accepted.InputShard, accepted.Height));
                foreach (var legId in accepted.LegIds)
                {
                    if (!_applyingAcceptedLegs.TryGetValue(legId, out var shards))
                    {
                        _applyingAcceptedLegs[legId] = shards = [];
                    }
                    shards.Add(accepted.InputShard);
                }
                break;
            case CrossShardAbort abort:
                _applyingAborts.Add(abort.Tx.LegId);
                break;
            case UpdateHeld held:
                _applyingVouches.Add((held.Round, held.Client, held.Holder));
                break;
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
            else if (entry is ModelUpdate or CrossShardAbort)
            {
                // An abort makes the tx's pending legs (and its output leg) invalid.
                Generation++;
            }
        }
        _applying.Clear();
        _applyingUpdates.Clear();
        _applyingAcceptedBlocks.Clear();
        _applyingAcceptedLegs.Clear();
        _applyingAborts.Clear();
        _applyingVouches.Clear();
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
