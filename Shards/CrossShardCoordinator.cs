using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Merkle;
using DumboFL.Ledger.Validation;

namespace DumboFL.Shards;

/// <summary>
/// One node's side of the cross-shard protocol (docs/CROSS_SHARD.md): relays the LD of its shard's certified blocks,
/// verifies other shards' LDs and signs SIGN, gathers SIGN into <see cref="LegsAccepted"/> entries, submits output legs
/// once the committed state accepts every input leg, signs and gathers CL_M for invalid legs, and turns CL certificates
/// into <see cref="CrossShardAbort"/> entries. A state machine without I/O: inputs are committed blocks, certified
/// blocks, invalid legs found by the pool, and messages; outputs go into a <see cref="CrossShardStep"/>. Not thread-safe:
/// a node calls it from its core loop only.
/// </summary>
public sealed partial class CrossShardCoordinator
{
    /// <summary>Tallies (SIGN per input block, CL_M per tx) kept at once; past it new ones are refused and counted.</summary>
    public const int MaxTallies = 1 << 16;

    private readonly ShardMap _map;
    private readonly CrossShardKeys _keys;
    private readonly ILedgerView _view;
    private readonly NodeKey _key;
    private readonly Committee _committee;

    /// <summary>Input blocks whose LD this node verified: their leg ids and digest, until their acceptance commits.</summary>
    private readonly Dictionary<(uint Shard, ulong Height), VerifiedLegs> _verified = [];

    private readonly Dictionary<(uint Shard, ulong Height, Hash32 Digest), Dictionary<int, byte[]>> _signTallies = [];

    /// <summary>This node's own LegsAccepted entry per input block, to withdraw when another copy commits.</summary>
    private readonly Dictionary<(uint Shard, ulong Height), Hash32> _acceptSubmitted = [];

    /// <summary>Txs (input form, by leg id) whose output leg this node may submit here.</summary>
    private readonly Dictionary<Hash32, CrossShardTx> _held = [];

    private readonly HashSet<Hash32> _outputSubmitted = [];

    private readonly Dictionary<Hash32, ClearTally> _clearTallies = [];

    /// <summary>This node's own abort entry per tx, to withdraw when another copy commits.</summary>
    private readonly Dictionary<Hash32, Hash32> _abortSubmitted = [];

    private readonly Dictionary<string, long> _faults = new(StringComparer.Ordinal);

    public CrossShardCoordinator(ShardMap map, CrossShardKeys keys, uint shard, int index, NodeKey key, ILedgerView view)
    {
        if (map.ShardCount != keys.ShardCount)
        {
            throw new ArgumentException($"the shard map has {map.ShardCount} shards and the keys {keys.ShardCount}", nameof(keys));
        }
        _map = map;
        _keys = keys;
        Shard = shard;
        Index = index;
        _key = key;
        _view = view;
        _committee = keys.Committee(shard) ?? throw new ArgumentOutOfRangeException(nameof(shard), shard, "no such shard");
        if (index < 0 || index >= _committee.N)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"shard {shard} has {_committee.N} nodes");
        }
    }

    public uint Shard { get; }

    public int Index { get; }

    /// <summary>Messages refused, by reason (bad signatures, unverifiable LDs, shares for valid legs, …).</summary>
    public IReadOnlyDictionary<string, long> Faults => _faults;

    /// <summary>What this node has done so far, for status and the simulator's report.</summary>
    public CrossShardCounters Counters { get; } = new();

    /// <summary>Txs this node holds for an output leg not yet committed, and tallies in flight: its pending work.</summary>
    public int Pending => _held.Count + _verified.Count + _clearTallies.Count;

    /// <summary>
    /// A block of this shard was committed (its stored, valid entries). Withdraws this node's own copies of what another
    /// copy settled, and submits output legs whose last input leg this block accepted.
    /// </summary>
    public void OnBlockCommitted(Block block, CrossShardStep step)
    {
        var ready = new List<Hash32>();
        foreach (var entry in block.Entries)
        {
            switch (entry)
            {
                case LegsAccepted accepted:
                    var key = (accepted.InputShard, accepted.Height);
                    if (_acceptSubmitted.Remove(key, out var mine) && mine != accepted.Id)
                    {
                        step.Withdrawals.Add(mine);
                    }
                    if (_verified.Remove(key))
                    {
                        Dirty('v', key.InputShard, key.Height, Hash32.Zero);
                    }
                    foreach (var tally in _signTallies.Keys.Where(t => t.Shard == key.InputShard && t.Height == key.Height).ToArray())
                    {
                        _signTallies.Remove(tally);
                        Dirty('s', tally.Shard, tally.Height, tally.Digest);
                    }
                    ready.AddRange(accepted.LegIds);
                    break;
                case CrossShardAbort abort:
                    var legId = abort.Tx.Id;
                    if (_abortSubmitted.Remove(legId, out var own) && own != abort.Id)
                    {
                        step.Withdrawals.Add(own);
                    }
                    _held.Remove(legId);
                    _clearTallies.Remove(legId);
                    Dirty('h', 0, 0, legId);
                    Dirty('c', 0, 0, legId);
                    Counters.Aborted++;
                    break;
                case CrossShardTx { IsIntraShard: false } tx when tx.OutputValid:
                    if (_held.Remove(tx.LegId))
                    {
                        Dirty('h', 0, 0, tx.LegId);
                    }
                    _outputSubmitted.Remove(tx.LegId);
                    Counters.OutputsCommitted++;
                    break;
                case CrossShardTx { IsIntraShard: false } tx:
                    Counters.LegsLocked++;
                    // This shard is both an input and the output: its own leg is accepted by being committed here.
                    if (tx.OutputShard == Shard)
                    {
                        if (_held.TryAdd(tx.Id, tx))
                        {
                            Dirty('h', 0, 0, tx.Id);
                        }
                        ready.Add(tx.Id);
                    }
                    break;
            }
        }
        foreach (var legId in ready)
        {
            TrySubmitOutput(legId, step);
        }
    }

    /// <summary>
    /// A block of this shard has its certificate (the LD certificate of its legs): sends, for every other shard its legs
    /// go to, the LD with the complete group of legs to f+1 of that shard's nodes, starting at this node's own index.
    /// </summary>
    public void OnBlockCertified(Block block, QuorumCertificate certificate, CrossShardStep step)
    {
        foreach (var root in block.Header.GroupRoots)
        {
            if (root.Group.Kind != EntryKind.CrossShardTx || root.Group.OutputShard == Shard || root.Group.OutputShard >= (uint)_map.ShardCount)
            {
                continue;
            }
            var legs = block.Entries.OfType<CrossShardTx>().Where(tx => tx.Group == root.Group).ToArray();
            if (legs.Length == 0)
            {
                continue;
            }
            var proof = new LegProof(block.Header, certificate, root.Group.OutputShard, legs);
            foreach (var target in Relays(root.Group.OutputShard))
            {
                step.Send(root.Group.OutputShard, target, proof);
            }
            Counters.LegProofsSent++;
        }
    }

    /// <summary>
    /// This node found the leg of <paramref name="tx"/> on its shard invalid (the pool purged it, the API refused it, or
    /// it was purged from a decided batch): signs CL_M once and sends it to the shard.
    /// </summary>
    public void OnInvalidLeg(CrossShardTx tx, CrossShardStep step)
    {
        if (!tx.HasInvalidLegOn(Shard))
        {
            return;
        }
        var legId = tx.Id;
        if (_view.CrossShard(legId).Aborted)
        {
            return;
        }
        if (!_clearTallies.TryGetValue(legId, out var tally))
        {
            if (_clearTallies.Count >= MaxTallies)
            {
                Count("tally-limit");
                return;
            }
            _clearTallies[legId] = tally = new ClearTally(tx);
        }
        if (tally.SignedByMe)
        {
            return;
        }
        tally.SignedByMe = true;
        Dirty('c', 0, 0, legId);
        var signature = _key.Sign(CrossShardStatements.ClearMessage(_keys.Domain(Shard), legId));
        tally.Shares[Index] = signature;
        var share = new ClearShare(tx, signature);
        ToShard(share, step);
        TryClear(tally, step);
    }

    /// <summary>A message from node <paramref name="fromIndex"/> of <paramref name="fromShard"/> (the transport authenticated it).</summary>
    /// <returns>Why the message was refused (also counted in <see cref="Faults"/>), or null.</returns>
    public string? OnMessage(uint fromShard, int fromIndex, CrossShardMessage message, CrossShardStep step)
    {
        var fault = message switch
        {
            LegProof proof => OnLegProof(fromShard, proof, step),
            SignShare sign => OnSignShare(fromShard, fromIndex, sign, step),
            ClearShare share => OnClearShare(fromShard, fromIndex, share, step),
            ClearCertificate clear => OnClearCertificate(clear, step),
            _ => "unknown-message",
        };
        if (fault is not null)
        {
            Count(fault);
        }
        return fault;
    }

    /// <summary>The f+1 nodes of <paramref name="shard"/> this node relays to: indexes i, i+1, …, i+f modulo the shard's size.</summary>
    internal IEnumerable<int> Relays(uint shard)
    {
        var size = _map.ShardSize(shard);
        var quorum = new DumboFL.Core.Quorum(size);
        return Enumerable.Range(0, quorum.Weak).Select(k => (Index + k) % size).Distinct();
    }

    private void TrySubmitOutput(Hash32 legId, CrossShardStep step)
    {
        if (_outputSubmitted.Contains(legId) || !_held.TryGetValue(legId, out var tx))
        {
            return;
        }
        var state = _view.CrossShard(legId);
        if (state.Aborted)
        {
            _held.Remove(legId);
            Dirty('h', 0, 0, legId);
            return;
        }
        foreach (var input in tx.InputShards)
        {
            if (input == Shard ? !_view.IsCommitted(legId) : !state.AcceptedInputs.Contains(input))
            {
                return;
            }
        }
        _outputSubmitted.Add(legId);
        step.Submissions.Add(tx.OutputLeg());
        Counters.OutputsSubmitted++;
    }

    /// <summary>Sends <paramref name="message"/> to every other node of this shard.</summary>
    private void ToShard(CrossShardMessage message, CrossShardStep step)
    {
        for (var i = 0; i < _committee.N; i++)
        {
            if (i != Index)
            {
                step.Send(Shard, i, message);
            }
        }
    }

    private void Count(string reason) => _faults[reason] = _faults.GetValueOrDefault(reason) + 1;

    private sealed class VerifiedLegs(Hash32[] legIds, Hash32 digest)
    {
        public Hash32[] LegIds { get; } = legIds;

        public Hash32 Digest { get; } = digest;
    }

    private sealed class ClearTally(CrossShardTx tx)
    {
        public CrossShardTx Tx { get; } = tx;

        public Dictionary<int, byte[]> Shares { get; } = [];

        public bool SignedByMe { get; set; }

        public bool Certified { get; set; }
    }
}

/// <summary>What a node's coordinator did: counts for status, metrics and the simulator's report.</summary>
public sealed class CrossShardCounters
{
    public long LegsLocked { get; set; }

    public long LegProofsSent { get; set; }

    public long LegProofsVerified { get; set; }

    public long AcceptancesSubmitted { get; set; }

    public long OutputsSubmitted { get; set; }

    public long OutputsCommitted { get; set; }

    public long ClearCertificates { get; set; }

    public long AbortsSubmitted { get; set; }

    public long Aborted { get; set; }
}
