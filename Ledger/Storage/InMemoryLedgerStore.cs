using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// A ledger held in memory, for the simulator and tests. Same contract as <see cref="SqliteLedgerStore"/>:
/// every check runs before anything changes, so a refused append leaves the store as it was. Thread-safe
/// (one lock around every call).
/// </summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock _gate = new();
    private readonly List<Block> _blocks = [];
    private readonly Dictionary<Hash32, EntryLocation> _byId = [];
    private readonly Dictionary<(ulong Round, string Client), List<LedgerEntry>> _byRoundClient = [];
    private readonly HashSet<(uint Shard, ulong Height)> _acceptedBlocks = [];
    private readonly Dictionary<Hash32, HashSet<uint>> _acceptedLegs = [];
    private readonly Dictionary<Hash32, ulong> _aborts = [];
    private readonly SortedDictionary<string, byte[]> _pending = new(StringComparer.Ordinal);
    private bool _disposed;

    public ulong? Height
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return _blocks.Count == 0 ? null : (ulong)(_blocks.Count - 1);
            }
        }
    }

    public void Append(Block block)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ChainTip.CheckFollows(block.Header, _blocks.Count == 0 ? null : ChainTip.Of(_blocks[^1].Header));
            var slots = BlockLayout.Of(block);
            foreach (var entry in block.Entries)
            {
                if (_byId.TryGetValue(entry.Id, out var existing))
                {
                    throw new InvalidOperationException($"entry {entry.Id} of block {block.Height} is already committed at height {existing.Height}");
                }
            }
            if (block.Certificate is { } certificate)
            {
                CertificateCodec.Check(certificate);
            }

            var entries = block.Entries.ToArray();
            _blocks.Add(block with { Entries = entries });
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                _byId.Add(entry.Id, new EntryLocation(block.Height, entry.Group, slots[i].GroupIndex, slots[i].IndexInGroup, entry));
                if (RoundClient.Of(entry) is { } key)
                {
                    if (!_byRoundClient.TryGetValue(key, out var list))
                    {
                        _byRoundClient[key] = list = [];
                    }
                    list.Add(entry);
                }
            }
            if (CrossShardRows.Of(block) is { } rows)
            {
                _acceptedBlocks.UnionWith(rows.AcceptedBlocks);
                foreach (var (legId, shard) in rows.AcceptedLegs)
                {
                    if (!_acceptedLegs.TryGetValue(legId, out var shards))
                    {
                        _acceptedLegs[legId] = shards = [];
                    }
                    shards.Add(shard);
                }
                foreach (var legId in rows.Aborted)
                {
                    _aborts.TryAdd(legId, block.Height);
                }
                foreach (var legId in rows.Completed)
                {
                    _acceptedLegs.Remove(legId);
                }
            }
        }
    }

    public CrossShardState FindCrossShard(Hash32 legId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var accepted = _acceptedLegs.TryGetValue(legId, out var shards) ? shards.ToArray() : [];
            var aborted = _aborts.ContainsKey(legId);
            return accepted.Length == 0 && !aborted ? CrossShardState.None : new CrossShardState(accepted, aborted);
        }
    }

    public void StageCrossShardPending(IReadOnlyList<(string Key, byte[]? Value)> changes)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    _pending.Remove(key);
                }
                else
                {
                    _pending[key] = value.ToArray();
                }
            }
        }
    }

    public IReadOnlyList<(string Key, byte[] Value)> LoadCrossShardPending()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _pending.Select(p => (p.Key, p.Value.ToArray())).ToArray();
        }
    }

    public bool IsAccepted(uint inputShard, ulong height)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _acceptedBlocks.Contains((inputShard, height));
        }
    }

    public void SetCertificate(ulong height, QuorumCertificate certificate)
    {
        CertificateCodec.Check(certificate);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (height >= (ulong)_blocks.Count)
            {
                throw new InvalidOperationException($"no block at height {height}");
            }
            var block = _blocks[(int)height];
            if (block.Certificate is null || certificate.Count > block.Certificate.Count)
            {
                _blocks[(int)height] = block with { Certificate = certificate };
            }
        }
    }

    public BlockHeader? GetHeader(ulong height) => GetBlock(height)?.Header;

    public Block? GetBlock(ulong height)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return height < (ulong)_blocks.Count ? _blocks[(int)height] : null;
        }
    }

    public EntryLocation? FindEntry(Hash32 entryId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _byId.GetValueOrDefault(entryId);
        }
    }

    public void ForEachEntryId(Action<Hash32> visit)
    {
        List<Hash32> ids;
        lock (_gate)
        {
            ThrowIfDisposed();
            ids = [.. _byId.Keys];
        }
        ids.ForEach(visit);
    }

    public bool ContainsEntry(Hash32 entryId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _byId.ContainsKey(entryId);
        }
    }

    public IReadOnlyList<LedgerEntry> FindByRoundClient(ulong round, string client)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return _byRoundClient.TryGetValue((round, client), out var list) ? list.ToArray() : [];
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
