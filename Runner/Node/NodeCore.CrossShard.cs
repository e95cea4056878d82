using DumboFL.Core.Crypto;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Shards;

namespace DumboFL.Runner.Node;

/// <summary>Where the core's cross-shard messages go: node <c>index</c> of shard <c>shard</c>, on the cross-shard channel.</summary>
public interface ICrossShardLink
{
    void Send(uint shard, int index, ReadOnlyMemory<byte> payload);
}

/// <summary>
/// The node's side of the cross-shard protocol (docs/CROSS_SHARD.md), on the core thread: the coordinator sees every
/// durable block, every stored certificate, every invalid leg the pool, the applier or the API finds, and every
/// cross-shard message; what it asks for (messages, pool entries, withdrawals) is carried out after each event.
/// </summary>
public sealed partial class NodeCore
{
    /// <summary>Stored blocks with legs towards other shards that wait for their certificate (to be relayed with it).</summary>
    private const int AwaitingCertificateLimit = 4;

    private readonly CrossShardStep _crossShard = new();
    private readonly Dictionary<ulong, Block> _awaitingCertificate = [];

    /// <summary>This node's cross-shard coordinator; null in a single-shard cluster.</summary>
    public CrossShardCoordinator? CrossShard { get; init; }

    /// <summary>Where cross-shard messages leave; required with <see cref="CrossShard"/>.</summary>
    public ICrossShardLink? CrossShardLink { get; init; }

    /// <summary>The coordinator's counters and refusals (prefixed <c>refused_</c>), for <c>GET /status</c>.</summary>
    private Dictionary<string, long>? CrossShardCounters()
    {
        if (CrossShard is not { } coordinator)
        {
            return null;
        }
        var c = coordinator.Counters;
        var counters = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["legs_locked"] = c.LegsLocked,
            ["leg_proofs_sent"] = c.LegProofsSent,
            ["leg_proofs_verified"] = c.LegProofsVerified,
            ["acceptances_submitted"] = c.AcceptancesSubmitted,
            ["outputs_submitted"] = c.OutputsSubmitted,
            ["outputs_committed"] = c.OutputsCommitted,
            ["clear_certificates"] = c.ClearCertificates,
            ["aborts_submitted"] = c.AbortsSubmitted,
            ["aborted"] = c.Aborted,
            ["pending"] = coordinator.Pending,
        };
        foreach (var (reason, count) in coordinator.Faults)
        {
            counters[$"refused_{reason}"] = count;
        }
        return counters;
    }

    private void OnCrossShard(CrossShardArrived arrived) =>
        CrossShard?.OnMessage(arrived.Shard, arrived.Index, arrived.Message, _crossShard);

    private void CrossShardInvalidLegs(IEnumerable<CrossShardTx> legs)
    {
        if (CrossShard is null)
        {
            return;
        }
        foreach (var leg in legs)
        {
            CrossShard.OnInvalidLeg(leg, _crossShard);
        }
    }

    private void CrossShardBlockStored(Block block)
    {
        if (CrossShard is null)
        {
            return;
        }
        CrossShard.OnBlockCommitted(block, _crossShard);
        if (HasLegsElsewhere(block.Header))
        {
            _awaitingCertificate[block.Height] = block;
            while (_awaitingCertificate.Count > AwaitingCertificateLimit)
            {
                _awaitingCertificate.Remove(_awaitingCertificate.Keys.Min());
            }
        }
    }

    /// <summary>A stored certificate of a block with legs towards other shards: the coordinator relays its LD.</summary>
    private void CrossShardCertified(ulong height, QuorumCertificate certificate)
    {
        if (CrossShard is null)
        {
            return;
        }
        // The block is usually still at hand from its store; only one that waited long (or came before a restart) is
        // read back, which decodes its whole body again.
        if (!_awaitingCertificate.Remove(height, out var block))
        {
            if (_store.GetHeader(height) is not { } header || !HasLegsElsewhere(header) || _store.GetBlock(height) is not { } stored)
            {
                return;
            }
            block = stored;
        }
        CrossShard.OnBlockCertified(block, certificate, _crossShard);
    }

    private bool HasLegsElsewhere(BlockHeader header) =>
        header.GroupRoots.Any(g => g.Group.Kind == EntryKind.CrossShardTx && g.Group.OutputShard != CrossShard!.Shard);

    /// <summary>
    /// After a restart: the coordinator took back its in-flight rows (NodeHost) and now sends this node's shares again
    /// and submits what is complete.
    /// </summary>
    private void ResumeCrossShard()
    {
        CrossShard?.Resume(_crossShard);
        DrainCrossShard();
    }

    /// <summary>Carries out what the coordinator asked for, until it asks for nothing more, and stages its changed rows.</summary>
    private void DrainCrossShard()
    {
        if (CrossShard is null)
        {
            return;
        }
        CrossShardInvalidLegs(_book.DrainInvalidLegs());
        while (!_crossShard.IsEmpty)
        {
            var step = _crossShard.Take();
            foreach (var (shard, index, message) in step.Messages)
            {
                CrossShardLink?.Send(shard, index, CrossShardCodec.Encode(message));
            }
            _book.Remove(step.Withdrawals);
            var added = 0;
            foreach (var entry in step.Submissions)
            {
                if (_book.Submit(entry) is null)
                {
                    added++;
                }
            }
            if (added > 0 && _node is { } node)
            {
                Process(node.Start());
            }
            CrossShardInvalidLegs(_book.DrainInvalidLegs());
        }
        // In the store's open transaction: durable with the next block (or the next tick's flush).
        _store.StageCrossShardPending(CrossShard.DrainChanges());
    }
}
