using DumboFL.Core.Hashing;
using DumboFL.Ledger.Book;

namespace DumboFL.Consensus;

/// <summary>
/// One node's Dumbo-2 consensus for one shard: a sequence of epochs, each an asynchronous common subset
/// (PRBC of every node's proposal, MVBA on n−f delivery proofs). Pure: no I/O, no clock, no threads.
/// Feed it with <see cref="Submit"/> and <see cref="Handle"/>; send what the returned <see cref="Step"/> says.
/// </summary>
public sealed partial class DumboNode
{
    /// <summary>Per sender and epoch, more buffered messages than this cannot come from an honest node.</summary>
    private readonly int _bufferCapPerSender;
    private readonly IPendingBook _book;
    private readonly Random _proposalRandom;
    private readonly Dictionary<ulong, List<(int Sender, ConsensusMessage Message)>> _future = [];
    private readonly Dictionary<ulong, Dictionary<int, int>> _futureCounts = [];
    private readonly HashSet<ulong> _futureWithWork = [];
    private readonly Queue<Epoch> _retained = new();
    private readonly RecentlyCommitted _recent;
    private readonly BlockCertifier _certifier;
    private Epoch? _current;

    /// <param name="book">Where proposals are cut from; a validating <see cref="TxBook"/> purges invalid entries first. Default: opaque items.</param>
    public DumboNode(ConsensusConfig config, IPendingBook? book = null)
    {
        Config = config;
        _book = book ?? new PendingQueue();
        _recent = new RecentlyCommitted(config.RecentEpochs);
        _certifier = new BlockCertifier(config);
        _proposalRandom = new Random(config.ProposalSeed);
        _bufferCapPerSender = (64 * config.N) + 1024;
        CurrentEpoch = config.FirstEpoch;
    }

    public ConsensusConfig Config { get; }

    public int Self => Config.Self;

    /// <summary>The epoch in progress, or the next one to start when idle.</summary>
    public ulong CurrentEpoch { get; private set; }

    /// <summary>Epochs committed so far (epochs 0 .. CommittedEpochs−1).</summary>
    public ulong CommittedEpochs => CurrentEpoch;

    public bool IsEpochRunning => _current is not null;

    /// <summary>Items submitted here and not yet committed.</summary>
    public int PendingCount => _book.Count;

    /// <summary>Binary agreements the last committed epoch needed (1 is the best case).</summary>
    public int LastEpochIterations { get; private set; }

    /// <summary>Starts the first epoch if there is work (or eager epochs are configured).</summary>
    public Step Start()
    {
        var step = new Step();
        MaybeStartEpoch(step);
        return step;
    }

    /// <summary>Queues items for proposal (duplicates of pending items are ignored); may start an idle epoch.</summary>
    public Step Submit(IEnumerable<byte[]> items)
    {
        foreach (var item in items)
        {
            if (item is not null && item.Length <= Config.MaxItemBytes && !_recent.Contains(Hash32.Of(item)))
            {
                _book.Add(item);
            }
        }
        var step = new Step();
        MaybeStartEpoch(step);
        return step;
    }

    /// <summary>
    /// Signs the header of the block this node built from epoch <paramref name="epoch"/>'s output and broadcasts
    /// the signature; the certificate appears in a later step's <see cref="Step.Certificates"/> once n−f nodes signed.
    /// </summary>
    public Step CertifyBlock(ulong epoch, ulong height, Hash32 headerHash)
    {
        var step = new Step();
        _certifier.Sign(epoch, height, headerHash, step);
        return step;
    }

    /// <summary>Handles one message from <paramref name="sender"/> (authenticated by the transport).</summary>
    public Step Handle(int sender, ConsensusMessage message)
    {
        var step = new Step();
        if (!Config.Committee.Contains(sender) || message is null)
        {
            return step;
        }
        try
        {
            Route(sender, message, step);
        }
        catch (Exception e) when (e is ArgumentException or NullReferenceException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            // A message no honest node sends must never take the node down; it is evidence against its sender.
            step.Fault(sender, FaultKind.Malformed, $"{message.GetType().Name}: {e.Message}");
        }
        return step;
    }
}
