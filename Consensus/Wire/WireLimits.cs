namespace DumboFL.Consensus.Wire;

/// <summary>
/// What a decoder accepts from one shard's peers: node indexes below <see cref="N"/>, at most
/// <see cref="MaxBatchItems"/> items of at most <see cref="MaxItemBytes"/> bytes in a batch. Every length or
/// count read from the wire is checked against these (and against the bytes left) before anything is allocated.
/// </summary>
public sealed record WireLimits(int N, int MaxItemBytes, int MaxBatchItems)
{
    /// <summary>The coin's key sets stop at this many members; no committee is larger.</summary>
    public const int MaxNodes = 1024;

    // Explicit init accessors so that `with { … }` is checked too, not only the constructor.
    private readonly int _n = CheckRange(N, 1, MaxNodes, nameof(N));
    private readonly int _maxItemBytes = CheckRange(MaxItemBytes, 0, int.MaxValue, nameof(MaxItemBytes));
    private readonly int _maxBatchItems = CheckRange(MaxBatchItems, 0, int.MaxValue, nameof(MaxBatchItems));

    public int N { get => _n; init => _n = CheckRange(value, 1, MaxNodes, nameof(N)); }

    public int MaxItemBytes { get => _maxItemBytes; init => _maxItemBytes = CheckRange(value, 0, int.MaxValue, nameof(MaxItemBytes)); }

    public int MaxBatchItems { get => _maxBatchItems; init => _maxBatchItems = CheckRange(value, 0, int.MaxValue, nameof(MaxBatchItems)); }

    /// <summary>
    /// The limits of a node running <paramref name="config"/>: an honest proposer never puts more than
    /// <see cref="ConsensusConfig.ProposalSize"/> items of at most <see cref="ConsensusConfig.MaxItemBytes"/> into
    /// a batch, and PRBC refuses any batch that does, so the decoder can refuse it before allocating it.
    /// </summary>
    public static WireLimits For(ConsensusConfig config) => new(config.N, config.MaxItemBytes, config.ProposalSize);

    private static int CheckRange(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"must be in {min}..{max}");
}
