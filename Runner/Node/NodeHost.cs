using System.Diagnostics;
using System.Threading.Channels;
using DumboFL.Consensus;
using DumboFL.Consensus.Wire;
using DumboFL.Core.Coin;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Book;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;
using DumboFL.Network;
using DumboFL.Runner.Cluster;
using DumboFL.Runner.Commands;
using DumboFL.Runner.Fl;
using DumboFL.Shards;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Node;

/// <summary>
/// The composition root of one node process (ARCHITECTURE §2): transport → inbound queue → decode workers →
/// core loop (consensus, book, ledger: the single writer) → transport, plus the client API, a 1 s ticker and the epoch pacer.
/// Runs until cancelled (SIGINT/SIGTERM), its parent dies, or the core fails; then shuts down in order.
/// </summary>
public sealed class NodeHost
{
    private const int CoreQueueCapacity = 16_384;
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(1);

    private readonly NodeOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TextWriter _out;

    public NodeHost(NodeOptions options, ILoggerFactory loggers, TextWriter output)
    {
        _options = options;
        _loggers = loggers;
        _out = output;
    }

    /// <summary>Runs the node; returns 0 after a clean shutdown, 1 if the core stopped on an error.</summary>
    /// <summary>Committed epochs whose item hashes consensus keeps (<see cref="ConsensusConfig.RecentEpochs"/>); the same at every node.</summary>
    public const int RecentEpochs = 8;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        var logger = _loggers.CreateLogger("dumbofl.node");
        // Socket loops, TLS and decode workers share the pool; on a 2-core machine its default minimum (= cores) makes
        // every blocking moment a stall of hundreds of ms while the pool slowly injects threads.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
        var cluster = ClusterFile.Load(_options.ClusterDirectory);
        var self = cluster.Node(_options.Id);
        using var secrets = cluster.LoadSecrets(_options.Id);
        Directory.CreateDirectory(_options.DataDirectory);
        // The core decides when blocks become durable (every NodeCore.BlocksPerFlush blocks and every tick) and signs
        // them only then; the store itself never commits a group on its own. A crash loses at most unsigned blocks,
        // which the node fetches back from its peers.
        using var store = SqliteLedgerStore.Open(LedgerDirectory.LedgerPath(_options.DataDirectory), groupCommit: int.MaxValue, idCapacity: _options.IdCapacity);
        var stateFile = ConsensusStateFile.Open(_options.DataDirectory);

        var shardNodes = cluster.ShardNodes(self.Shard);
        var config = new ConsensusConfig(cluster.Domain(self.Shard), cluster.Committee(self.Shard), self.Index, secrets.NodeKey,
            new ThresholdCoin(cluster.CoinKeys(self.Shard)), secrets.CoinSecret)
        {
            BatchSize = _options.BatchSize,
            // The ledger refuses every duplicate at apply (exactly, against all history): the consensus-level filter is
            // only a first pass, and at 64 epochs of large batches it held over a million ids (60+ MB).
            RecentEpochs = RecentEpochs,
        };
        var clients = cluster.Clients.ToHashSet(StringComparer.Ordinal);
        // The shard's FL clients are its nodes (one client per node): aggregates are checked against them.
        var state = new LedgerState(store, self.Shard, (uint)cluster.Shards, clients.Contains, [.. shardNodes.Select(n => n.Id)]);
        var shardMap = cluster.ShardMap();
        var crossShardKeys = new CrossShardKeys(cluster.ClusterId, Enumerable.Range(0, cluster.Shards).Select(s => cluster.Committee((uint)s)).ToArray());
        var validator = new EntryValidator(LedgerRules.Default, crossShardKeys);
        var book = new TxBook(validator, state);
        var applier = new BlockApplier(store, state, validator);

        var peers = cluster.Nodes.Select(n => new PeerAddress(n.Id, n.Shard, n.Host, n.Port, n.PublicKey)).ToList();
        await using var transport = Transport.Create(self.Id, secrets.NodeKey, peers, new NetworkOptions());
        var link = new TransportShardLink(transport, self.Shard, [.. shardNodes.Select(n => n.Id)]);
        var queue = Channel.CreateBounded<CoreEvent>(new BoundedChannelOptions(CoreQueueCapacity) { SingleReader = true });
        await using var fl = _options.FlSettings is { } flSettings
            ? FlClient.Create(flSettings, cluster, self, secrets, crossShardKeys, transport, queue.Writer, _options.DataDirectory, _loggers.CreateLogger("dumbofl.fl"))
            : null;
        var core = new NodeCore(config, store, state, book, applier, link, stateFile, TimeProvider.System,
            _loggers.CreateLogger("dumbofl.core"), _options.PoolMax)
        {
            BlockStored = fl is null ? null : fl.OnBlockStored,
            EpochInterval = _options.EpochInterval,
            // One shard has no cross-shard traffic: no coordinator, no extra work per block.
            CrossShard = cluster.Shards > 1 ? new CrossShardCoordinator(shardMap, crossShardKeys, self.Shard, self.Index, secrets.NodeKey, state) : null,
            CrossShardLink = new TransportCrossShardLink(transport, self.Shard, shardMap),
        };

        if (core.CrossShard is { } coordinator)
        {
            coordinator.Restore(store.LoadCrossShardPending());
            if (coordinator.DamagedPendingRows > 0)
            {
                logger.LogWarning("{Rows} stored cross-shard rows could not be read and were skipped", coordinator.DamagedPendingRows);
            }
        }

        var indexOf = shardNodes.ToDictionary(n => n.Id, n => n.Index, StringComparer.Ordinal);
        var decoder = new InboundDecoder(transport.Inbound, queue.Writer, indexOf, self.Shard, WireLimits.For(config),
            LedgerRules.Default.MaxPayloadBytes + 1024, _loggers.CreateLogger("dumbofl.inbound"))
        {
            Cluster = cluster.Shards > 1 ? cluster.Nodes.ToDictionary(n => n.Id, n => (n.Shard, n.Index), StringComparer.Ordinal) : null,
            Swarm = fl is null ? null : fl.OnSwarm,
        };
        var runtime = new NodeRuntime(self.Id, self.Shard, self.Index, queue.Writer, () => queue.Reader.Count, store, transport, decoder, core, TimeProvider.System)
        {
            Fl = fl,
        };

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(stop);
        await transport.StartAsync(shutdown.Token).ConfigureAwait(false);
        core.Start();
        fl?.Start();
        var coreLoop = StartCoreThread(core, queue.Reader, logger, shutdown);
        var decoders = decoder.Start(_options.DecodeWorkers, shutdown.Token);
        var ticker = Task.Run(() => TickAsync(queue.Writer, shutdown), CancellationToken.None);
        var pacer = _options.EpochInterval > TimeSpan.Zero
            ? Task.Run(() => PaceAsync(queue.Writer, _options.EpochInterval / 4, shutdown.Token), CancellationToken.None)
            : Task.CompletedTask;
        var api = new ClientApi(runtime, _options.ApiHost, self.ApiPort, _loggers);
        await api.StartAsync(shutdown.Token).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("node {Id} (shard {Shard}, index {Index}) listening on {Peer}; API on {Host}:{Api}",
            self.Id, self.Shard, self.Index, transport.LocalEndPoint, _options.ApiHost, self.ApiPort);
        }
        _out.WriteLine($"ready {self.Id} api=http://{_options.ApiHost}:{self.ApiPort}");
        _out.Flush();

        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        logger.LogInformation("shutting down");
        await api.DisposeAsync().ConfigureAwait(false);
        if (fl is not null)
        {
            await fl.DisposeAsync().ConfigureAwait(false);
        }
        await transport.DisposeAsync().ConfigureAwait(false);
        queue.Writer.TryComplete();
        await Task.WhenAll(decoders).ConfigureAwait(false);
        await ticker.ConfigureAwait(false);
        await pacer.ConfigureAwait(false);
        var failed = await coreLoop.ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("stopped at height {Height}", store.Height?.ToString() ?? "none");
        }
        return failed ? 1 : 0;
    }

    /// <summary>
    /// The single writer, on a thread of its own: its work (SQLite commits, Merkle trees, proposal cuts) is long and
    /// synchronous, and on the thread pool it would starve the socket loops of a small machine. The task's result is
    /// true if the core stopped on an error (the node then shuts down; the ledger stays as committed).
    /// </summary>
    private static Task<bool> StartCoreThread(NodeCore core, ChannelReader<CoreEvent> events, ILogger logger, CancellationTokenSource shutdown)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => done.SetResult(RunCore(core, events, logger, shutdown))) { IsBackground = true, Name = "dumbofl-core" };
        thread.Start();
        return done.Task;
    }

    private static bool RunCore(NodeCore core, ChannelReader<CoreEvent> events, ILogger logger, CancellationTokenSource shutdown)
    {
        try
        {
            while (events.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                while (events.TryRead(out var coreEvent))
                {
                    if (shutdown.IsCancellationRequested && coreEvent is not (EntriesSubmitted or StatusRequested))
                    {
                        continue;
                    }
                    core.Handle(coreEvent);
                }
            }
            return false;
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "the core loop failed; stopping the node");
            shutdown.Cancel();
            return true;
        }
    }

    /// <summary>Beats a few times per epoch interval, so an epoch opens on time at low load, when no submission comes to open it.</summary>
    private static async Task PaceAsync(ChannelWriter<CoreEvent> core, TimeSpan beat, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(beat < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : beat);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                core.TryWrite(new PaceTick());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TickAsync(ChannelWriter<CoreEvent> core, CancellationTokenSource shutdown)
    {
        using var timer = new PeriodicTimer(s_tick);
        try
        {
            while (await timer.WaitForNextTickAsync(shutdown.Token).ConfigureAwait(false))
            {
                if (_options.ParentPid is { } parent && !DumboFL.Runner.Output.ProcessLogging.IsAlive(parent))
                {
                    await shutdown.CancelAsync().ConfigureAwait(false);
                    return;
                }
                await core.WriteAsync(new Tick(), shutdown.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }
}
