using DumboFL.Consensus;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Node;

// Block sync and rejoining (docs/NODE.md, "Restart and catch-up").
public sealed partial class NodeCore
{
    private const int StatusHistory = 32;
    private const int BlocksPerRequest = 16;
    private const int MaxResponseBytes = 16 << 20;
    private const int SyncBufferCap = 200_000;
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<int, Queue<SyncStatus>> _statuses = [];
    private readonly List<(int Sender, ConsensusMessage Message)> _syncBuffer = [];
    private (int Peer, ulong From, long At)? _inFlight;
    private int _stuckTicks;
    private ulong _lastTickEpoch;

    private void OnTick()
    {
        Flush();
        ExpireArrivals();
        _link.Broadcast(Channels.Sync, 0, SyncCodec.Encode(new SyncStatus(_store.Height, ClaimedEpoch(), Syncing)));
        if (_node is { } node)
        {
            _stuckTicks = node.CurrentEpoch == _lastTickEpoch && node.IsEpochRunning ? _stuckTicks + 1 : 0;
            _lastTickEpoch = node.CurrentEpoch;
        }
        RequestBlocksIfBehind();
        MaybeRejoin();
    }

    /// <summary>What this node can vouch for: every block of every epoch before this one is in its ledger.</summary>
    private ulong ClaimedEpoch()
    {
        if (_node is { } node)
        {
            return node.CurrentEpoch;
        }
        // A tip block of epoch T ⇒ every block of an epoch ≤ T is below it. (The started epoch says nothing after a
        // crash: blocks appended since the last group commit may be gone.)
        return _tipEpoch is { } t ? t + 1 : 0;
    }

    private void OnSync(int sender, SyncMessage message)
    {
        switch (message)
        {
            case SyncStatus status:
                if (!_statuses.TryGetValue(sender, out var history))
                {
                    _statuses[sender] = history = new Queue<SyncStatus>();
                }
                history.Enqueue(status);
                while (history.Count > StatusHistory)
                {
                    history.Dequeue();
                }
                RequestBlocksIfBehind();
                MaybeRejoin();
                break;
            case BlockRequest request:
                AnswerBlockRequest(sender, request);
                break;
            case BlockResponse response:
                ApplySyncedBlocks(sender, response);
                break;
        }
    }

    private void AnswerBlockRequest(int sender, BlockRequest request)
    {
        var blocks = new List<Block>();
        long bytes = 0;
        var count = Math.Clamp(request.Count, 0, SyncCodec.MaxBlocksPerResponse);
        for (var height = request.From; blocks.Count < count && _store.Height is { } tip && height <= tip; height++)
        {
            var block = _store.GetBlock(height);
            // Only certified blocks are served: the requester trusts nothing else.
            if (block?.Certificate is null)
            {
                break;
            }
            bytes += block.Entries.Count * 300L;
            if (blocks.Count > 0 && bytes > MaxResponseBytes)
            {
                break;
            }
            blocks.Add(block);
        }
        _link.Send(sender, Channels.Sync, 0, SyncCodec.Encode(new BlockResponse(blocks)));
    }

    private void RequestBlocksIfBehind()
    {
        var now = _time.GetTimestamp();
        if (_inFlight is { } pending && _time.GetElapsedTime(pending.At, now) < s_requestTimeout)
        {
            return;
        }
        var next = _store.Height is { } tip ? tip + 1 : 0;
        int? best = null;
        ulong bestHeight = 0;
        foreach (var (peer, history) in _statuses)
        {
            if (history.Count > 0 && history.Last().Height is { } height && height >= next && (best is null || height > bestHeight))
            {
                best = peer;
                bestHeight = height;
            }
        }
        if (best is not { } target)
        {
            _inFlight = null;
            return;
        }
        _inFlight = (target, next, now);
        _link.Send(target, Channels.Sync, 0, SyncCodec.Encode(new BlockRequest(next, BlocksPerRequest)));
    }

    private void ApplySyncedBlocks(int sender, BlockResponse response)
    {
        if (_inFlight is { } pending && pending.Peer == sender)
        {
            _inFlight = null;
        }
        foreach (var block in response.Blocks)
        {
            if (!TryApplySynced(sender, block))
            {
                break;
            }
        }
        RequestBlocksIfBehind();
        MaybeRejoin();
    }

    /// <summary>Checks a fetched block (certificate, link, contents) and appends it; false when it does not fit or does not verify.</summary>
    private bool TryApplySynced(int sender, Block block)
    {
        var header = block.Header;
        var next = _store.Height is { } tip ? tip + 1 : 0;
        if (header.Height != next)
        {
            return header.Height < next;
        }
        var prev = _store.Height is { } h ? _store.GetHeader(h)!.Hash : Hash32.Zero;
        var statement = BlockStatements.Certify(_baseConfig.Domain, header.Epoch, header.Height, header.Hash);
        if (header.Shard != _state.Shard || header.PrevHash != prev || block.Certificate is not { } certificate ||
            certificate.Verify(_baseConfig.Committee, statement, _baseConfig.Quorum.Strong) != CertificateError.None)
        {
            _logger.LogWarning("block {Height} from node {Sender} does not verify (certificate or link); ignored", header.Height, sender);
            CountFault("BadSyncBlock");
            return false;
        }
        var rebuilt = BlockBuilder.Build(header.Shard, header.Height, header.Epoch, header.PrevHash, header.DecisionDigest, block.Entries);
        if (rebuilt.Header.Hash != header.Hash)
        {
            CountFault("BadSyncBlock");
            return false;
        }
        var result = _applier.Apply(header.Epoch, header.DecisionDigest, block.Entries.Select(e => e.Encode()).ToList());
        if (result.Block?.Header.Hash != header.Hash)
        {
            // n−f nodes signed a block this node's rules would not build: its state or code differs from theirs.
            throw new InvalidOperationException($"block {header.Height} is certified by the shard but this node rebuilt {result.Block?.Header.Hash.ToHex() ?? "nothing"}; refusing to continue on a diverged ledger");
        }
        _store.SetCertificate(header.Height, certificate);
        // Made durable with the next flush (a crash before it only means fetching it again); it is already certified.
        SyncedBlocks++;
        _tipEpoch = header.Epoch;
        _book.Remove(block.Entries.Select(e => e.Id));
        OnBlockStored(result.Block);
        CrossShardCertified(header.Height, certificate);
        return true;
    }

    /// <summary>
    /// Rejoins consensus at epoch E once f+1 peers vouched (height ≤ mine, epoch ≥ E): one of them is honest, so every
    /// block of every epoch before E is already in this ledger. E must be past every epoch this node has started.
    /// A running node that fell out of the epoch window (or is stuck in an epoch its peers finished) switches to sync mode first.
    /// </summary>
    private void MaybeRejoin()
    {
        var target = VouchedEpoch();
        if (target is not { } epoch)
        {
            return;
        }
        if (_node is { } node)
        {
            var farBehind = epoch > node.CurrentEpoch + (ulong)_baseConfig.EpochWindow;
            var stuck = epoch > node.CurrentEpoch + 1 && _stuckTicks >= 3;
            if (!farBehind && !stuck)
            {
                return;
            }
            _logger.LogWarning("epoch {Epoch} is behind the shard (vouched {Target}); leaving it to sync", node.CurrentEpoch, epoch);
            _node = null;
        }
        if (_stateFile.Started is { } started && epoch <= started)
        {
            return;
        }
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("rejoining consensus at epoch {Epoch} (ledger height {Height})", epoch, _store.Height?.ToString() ?? "none");
        }
        Jumps++;
        var buffered = _syncBuffer.Where(m => m.Message.Epoch >= epoch || m.Message is BlockSignature).ToList();
        _syncBuffer.Clear();
        StartConsensus(epoch);
        foreach (var (sender, message) in buffered)
        {
            if (_node is null)
            {
                break;
            }
            Process(_node.Handle(sender, message));
        }
    }

    private ulong? VouchedEpoch()
    {
        var mine = _store.Height;
        var vouched = new List<ulong>();
        foreach (var (_, history) in _statuses)
        {
            ulong? best = null;
            foreach (var status in history)
            {
                var covered = status.Height is not { } theirs || (mine is { } m && theirs <= m);
                if (covered && (best is null || status.Epoch > best))
                {
                    best = status.Epoch;
                }
            }
            if (best is { } b)
            {
                vouched.Add(b);
            }
        }
        var weak = _baseConfig.Quorum.Weak;
        if (vouched.Count < weak)
        {
            return null;
        }
        vouched.Sort();
        return vouched[^weak];
    }

    private void BufferWhileSyncing(int sender, ConsensusMessage message)
    {
        if (_syncBuffer.Count >= SyncBufferCap)
        {
            // Keep the newest epochs: drop the oldest half.
            var cutoff = _syncBuffer.Select(m => m.Message.Epoch).Order().ElementAt(_syncBuffer.Count / 2);
            _syncBuffer.RemoveAll(m => m.Message.Epoch < cutoff);
            if (_syncBuffer.Count >= SyncBufferCap)
            {
                _syncBuffer.RemoveRange(0, _syncBuffer.Count / 2);
            }
        }
        _syncBuffer.Add((sender, message));
    }

    private void CountFault(string kind)
    {
        _faults[kind] = _faults.GetValueOrDefault(kind) + 1;
    }
}
