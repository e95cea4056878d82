using DumboFL.Consensus;
using DumboFL.Consensus.Wire;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Node;

public sealed partial class NodeCore
{
    private PacedBook? _pacedBook;

    /// <summary>Least time between two epochs this node opens itself while less than a full proposal is pending (see <see cref="PacedBook"/>).</summary>
    public TimeSpan EpochInterval { get; init; }

    private void OnPaceTick()
    {
        if (_node is not { IsEpochRunning: false } node)
        {
            return;
        }
        if (_unflushed.Count > 0)
        {
            Flush();
        }
        if (_book.Count > 0 && _pacedBook is { Due: true })
        {
            Process(node.Start());
        }
    }

    private void StartConsensus(ulong firstEpoch)
    {
        var config = new ConsensusConfig(_baseConfig.Domain, _baseConfig.Committee, _baseConfig.Self, _baseConfig.Key, _baseConfig.Coin, _baseConfig.CoinSecret)
        {
            BatchSize = _baseConfig.BatchSize,
            EpochWindow = _baseConfig.EpochWindow,
            RetainedEpochs = _baseConfig.RetainedEpochs,
            RecentEpochs = _baseConfig.RecentEpochs,
            EagerEpochs = _baseConfig.EagerEpochs,
            // A different sampling seed per start: a restarted node must not re-cut the same proposals in lock-step.
            ProposalSeed = HashCode.Combine(_baseConfig.ProposalSeed, firstEpoch),
            MaxItemBytes = _baseConfig.MaxItemBytes,
            FirstEpoch = firstEpoch,
        };
        _pacedBook = new PacedBook(_book, _time, EpochInterval, config.ProposalSize);
        _node = new DumboNode(config, _pacedBook);
        _stuckTicks = 0;
        Process(_node.Start());
    }

    /// <summary>
    /// Carries out a step and every step it leads to: applies committed batches (and signs the blocks they
    /// built), stores certificates, makes a newly started epoch durable, then sends. Messages to self are
    /// handled here, in order, without touching the network.
    /// </summary>
    private void Process(Step first)
    {
        var steps = new Queue<Step>();
        steps.Enqueue(first);
        while (steps.Count > 0 || _local.Count > 0)
        {
            if (steps.Count == 0)
            {
                var message = _local.Dequeue();
                if (_node is not null)
                {
                    steps.Enqueue(_node.Handle(_baseConfig.Self, message));
                }
                continue;
            }
            var step = steps.Dequeue();
            foreach (var batch in step.Outputs)
            {
                foreach (var certify in ApplyCommitted(batch))
                {
                    steps.Enqueue(certify);
                }
            }
            foreach (var certificate in step.Certificates)
            {
                StoreCertificate(certificate);
            }
            foreach (var fault in step.Faults)
            {
                var key = fault.Kind.ToString();
                _faults[key] = _faults.GetValueOrDefault(key) + 1;
            }
            // Persist before send: nothing signed for an epoch leaves before the epoch is on record.
            if (_node is { IsEpochRunning: true } node)
            {
                _stateFile.RecordStarted(node.CurrentEpoch);
            }
            Send(step.Messages);
        }
    }

    private void Send(List<OutgoingMessage> messages)
    {
        foreach (var (to, message) in messages)
        {
            if (to.Node == _baseConfig.Self)
            {
                _local.Enqueue(message);
                continue;
            }
            var payload = ConsensusCodec.Encode(message);
            if (to.IsAll)
            {
                _link.Broadcast(Channels.Consensus, message.Epoch, payload);
                _local.Enqueue(message);
            }
            else
            {
                _link.Send(to.Node, Channels.Consensus, message.Epoch, payload);
            }
        }
    }

    /// <summary>
    /// Builds and stores the block of a committed batch. Blocks are signed only once durable: every
    /// <see cref="BlocksPerFlush"/> blocks, whenever no next epoch runs yet, and every tick, the store is flushed and the steps that sign the flushed
    /// blocks are returned. A node never certifies a block a crash could take from it.
    /// </summary>
    private List<Step> ApplyCommitted(CommittedBatch batch)
    {
        EpochsCommitted++;
        if (_tipEpoch is { } tipEpoch && batch.Epoch <= tipEpoch)
        {
            // Block sync already brought this epoch's block (or a later one): applying it again would fork the chain.
            return [];
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = _applier.Apply(batch.Epoch, batch.Digest, batch.Items, batch.ItemIds);
        Profile.AddApply(System.Diagnostics.Stopwatch.GetTimestamp() - started);
        foreach (var (reason, count) in result.Purged)
        {
            _purged[reason] = _purged.GetValueOrDefault(reason) + count;
        }
        CrossShardInvalidLegs(result.InvalidLegs);
        if (result.Block is not { } block)
        {
            return [];
        }
        // (The book already forgot the batch's items: DumboNode removes what it commits.)
        _tipEpoch = block.Header.Epoch;
        _unflushed.Add(block);
        // Group commit saves fsyncs while epochs run back to back; when the next epoch is not running yet (paced, or
        // nothing pending) there is nothing to share a commit with, and waiting would only add latency.
        return _unflushed.Count >= BlocksPerFlush || _node is { IsEpochRunning: false } ? FlushAndCertify() : [];
    }

    /// <summary>Flushes outside an apply (a timer): the signing steps are carried out at once.</summary>
    private void Flush()
    {
        foreach (var certify in FlushAndCertify())
        {
            Process(certify);
        }
    }

    /// <summary>Makes the applied blocks durable, counts them as committed (latency included) and signs them.</summary>
    private List<Step> FlushAndCertify()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _store.Flush();
        Profile.AddApply(System.Diagnostics.Stopwatch.GetTimestamp() - started);
        var steps = new List<Step>(_unflushed.Count);
        foreach (var block in _unflushed)
        {
            OnBlockStored(block);
            if (_node is { } node)
            {
                steps.Add(node.CertifyBlock(block.Header.Epoch, block.Height, block.Header.Hash));
            }
        }
        _unflushed.Clear();
        return steps;
    }

    private void OnBlockStored(Ledger.Blocks.Block block)
    {
        CommittedBlocks++;
        CommittedEntries += block.Entries.Count;
        CrossShardBlockStored(block);
        BlockStored?.Invoke(block);
        var now = _time.GetTimestamp();
        foreach (var entry in block.Entries)
        {
            if (_arrivals.Remove(entry.Id, out var arrived))
            {
                Latency.Record(_time.GetElapsedTime(arrived, now).TotalMilliseconds);
            }
        }
    }

    private void StoreCertificate(BlockCertificate certificate)
    {
        var header = _store.GetHeader(certificate.Height);
        if (header is null || header.Hash != certificate.HeaderHash)
        {
            _logger.LogWarning("certificate for height {Height} does not match the stored block; not stored", certificate.Height);
            return;
        }
        _store.SetCertificate(certificate.Height, certificate.Certificate);
        CrossShardCertified(certificate.Height, certificate.Certificate);
    }
}
