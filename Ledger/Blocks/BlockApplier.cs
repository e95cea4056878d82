using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Blocks;

/// <summary>What applying one consensus decision did.</summary>
public sealed record ApplyResult(Block? Block, int Accepted, IReadOnlyDictionary<InvalidReason, int> Purged)
{
    /// <summary>Cross-shard legs of this shard purged as invalid: their tx must abort everywhere (docs/CROSS_SHARD.md).</summary>
    public IReadOnlyList<CrossShardTx> InvalidLegs { get; init; } = [];
}

/// <summary>
/// Turns a decided batch into the next block. Every item is decoded and validated against committed state
/// in decided order (deterministic, so every honest node keeps the same entries); invalid ones are purged and
/// counted. A batch with no valid entry builds no block and changes nothing: a normal outcome.
/// </summary>
public sealed class BlockApplier
{
    private readonly ILedgerStore _store;
    private readonly LedgerState _state;
    private readonly EntryValidator _validator;

    public BlockApplier(ILedgerStore store, LedgerState state, EntryValidator validator)
    {
        _store = store;
        _state = state;
        _validator = validator;
    }

    public LedgerState State => _state;

    /// <param name="itemIds">The SHA-256 of each item when the caller has them (consensus hashes every item while
    /// removing duplicates); null to hash here.</param>
    public ApplyResult Apply(ulong epoch, Hash32 decisionDigest, IReadOnlyList<byte[]> items, IReadOnlyList<Hash32>? itemIds = null)
    {
        if (itemIds is not null && itemIds.Count != items.Count)
        {
            throw new ArgumentException($"{itemIds.Count} ids for {items.Count} items", nameof(itemIds));
        }
        var accepted = new List<LedgerEntry>(items.Count);
        var purged = new Dictionary<InvalidReason, int>();
        List<CrossShardTx>? invalidLegs = null;
        for (var i = 0; i < items.Count; i++)
        {
            var reason = EntryCodec.TryDecode(items[i], itemIds?[i], out var entry) ? _validator.Validate(entry!, _state) : InvalidReason.Malformed;
            if (reason is { } r)
            {
                purged[r] = purged.GetValueOrDefault(r) + 1;
                if (r == InvalidReason.InvalidLeg && entry is CrossShardTx { IsIntraShard: false } leg)
                {
                    (invalidLegs ??= []).Add(leg);
                }
                continue;
            }
            _state.Accept(entry!);
            accepted.Add(entry!);
        }
        Block? block = null;
        if (accepted.Count > 0)
        {
            var height = _store.Height is { } tip ? tip + 1 : 0;
            var prev = _store.Height is { } h ? _store.GetHeader(h)!.Hash : Hash32.Zero;
            block = BlockBuilder.Build(_state.Shard, height, epoch, prev, decisionDigest, accepted);
            // Every entry was just checked against this store and the layout computed from them: the store need not redo either.
            if (_store is IBuiltBlockAppend built)
            {
                built.AppendBuilt(block);
            }
            else
            {
                _store.Append(block);
            }
        }
        _state.EndBlock(accepted);
        return new ApplyResult(block, accepted.Count, purged) { InvalidLegs = (IReadOnlyList<CrossShardTx>?)invalidLegs ?? [] };
    }
}
