using DumboFL.Consensus;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Book;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Node;

/// <summary>
/// The single writer of a node: Dumbo-2 consensus, the pending book, the ledger and block sync, driven by
/// <see cref="Handle"/> from one loop. No I/O of its own besides the ledger store and the consensus state file;
/// messages leave through <see cref="IShardLink"/>.
/// </summary>
public sealed partial class NodeCore
{
    private readonly ConsensusConfig _baseConfig;
    private readonly ILedgerStore _store;
    private readonly LedgerState _state;
    private readonly TxBook _book;
    private readonly BlockApplier _applier;
    private readonly IShardLink _link;
    private readonly ConsensusStateFile _stateFile;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _poolMax;
    private readonly Queue<ConsensusMessage> _local = new();
    private readonly Dictionary<Hash32, long> _arrivals = [];
    private readonly Dictionary<InvalidReason, long> _purged = [];
    private readonly Dictionary<InvalidReason, long> _refused = [];
    private readonly Dictionary<string, long> _faults = [];
    /// <summary>Blocks applied since the last flush: durable, counted and signed together.</summary>
    public const int BlocksPerFlush = 2;

    private readonly List<Ledger.Blocks.Block> _unflushed = [];
    private DumboNode? _node;
    private ulong? _tipEpoch;

    public NodeCore(ConsensusConfig config, ILedgerStore store, LedgerState state, TxBook book, BlockApplier applier,
        IShardLink link, ConsensusStateFile stateFile, TimeProvider time, ILogger logger, int poolMax)
    {
        _baseConfig = config;
        _store = store;
        _state = state;
        _book = book;
        _applier = applier;
        _link = link;
        _stateFile = stateFile;
        _time = time;
        _logger = logger;
        _poolMax = poolMax;
        _tipEpoch = store.Height is { } tip ? store.GetHeader(tip)!.Epoch : null;
        Latency = new LatencyHistogram();
    }

    public LatencyHistogram Latency { get; }

    /// <summary>Called on the core thread with every block once it is durable, in height order (the FL client's feed). Must not block.</summary>
    public Action<Ledger.Blocks.Block>? BlockStored { get; init; }

    public long CommittedEntries { get; private set; }

    public long CommittedBlocks { get; private set; }

    public long EpochsCommitted { get; private set; }

    public long SyncedBlocks { get; private set; }

    public long Jumps { get; private set; }

    public bool Syncing => _node is null;

    /// <summary>
    /// Starts consensus at epoch 0 on a fresh node; a node with a ledger or a consensus state (a restart) waits
    /// in sync mode until its peers show it where to rejoin (docs/NODE.md, "Restart and catch-up").
    /// </summary>
    public void Start()
    {
        if (_stateFile.Started is null && _store.Height is null)
        {
            StartConsensus(0);
            return;
        }
        ResumeCrossShard();
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("resuming: ledger height {Height}, last started epoch {Epoch}; syncing with peers before rejoining",
                _store.Height?.ToString() ?? "none", _stateFile.Started?.ToString() ?? "none");
        }
    }

    /// <summary>Core-thread time by part (consensus handling, ledger apply, sync, submissions, ticks), in Stopwatch ticks.</summary>
    public CoreProfile Profile { get; } = new();

    public void Handle(CoreEvent coreEvent)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var applyBefore = Profile.ApplyTicks;
        HandleEvent(coreEvent);
        DrainCrossShard();
        var spent = System.Diagnostics.Stopwatch.GetTimestamp() - started - (Profile.ApplyTicks - applyBefore);
        Profile.Add(coreEvent, spent);
    }

    private void HandleEvent(CoreEvent coreEvent)
    {
        switch (coreEvent)
        {
            case ConsensusArrived arrived:
                OnConsensus(arrived.Sender, arrived.Message);
                break;
            case SyncArrived sync:
                OnSync(sync.Sender, sync.Message);
                break;
            case EntriesSubmitted submitted:
                submitted.Reply.TrySetResult(OnSubmit(submitted));
                break;
            case StatusRequested request:
                request.Reply.TrySetResult(Status());
                break;
            case Tick:
                OnTick();
                break;
            case PaceTick:
                OnPaceTick();
                break;
            case CrossShardArrived arrived:
                OnCrossShard(arrived);
                break;
        }
    }

    public NodeStatus Status() => new(
        _store.Height,
        _store.Height is { } h ? _store.GetHeader(h)!.Hash.ToHex() : null,
        _node?.CurrentEpoch ?? ClaimedEpoch(),
        _node?.IsEpochRunning ?? false,
        Syncing,
        _book.Count,
        CommittedEntries,
        CommittedBlocks,
        EpochsCommitted,
        ByName(_purged.Concat(_book.Purged)),
        ByName(_refused.Concat(_book.Refused)),
        new Dictionary<string, long>(_faults),
        SyncedBlocks,
        Jumps)
    {
        CrossShard = CrossShardCounters(),
    };

    private void OnConsensus(int sender, ConsensusMessage message)
    {
        if (_node is null)
        {
            BufferWhileSyncing(sender, message);
            return;
        }
        Process(_node.Handle(sender, message));
    }

    private static Dictionary<string, long> ByName(IEnumerable<KeyValuePair<InvalidReason, long>> counts) =>
        Simulator.ReasonNames.Sum(counts).ToDictionary(StringComparer.Ordinal);
}
