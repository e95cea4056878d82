using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Learning.Rounds;

/// <summary>What every honest update of an experiment looks like: its byte length, cut into chunks of one size.</summary>
public sealed record UpdateShape(long Length, int ChunkSize)
{
    public bool Fits(IReadOnlyList<int> sizes)
    {
        var count = (Length + ChunkSize - 1) / ChunkSize;
        if (sizes.Count != count)
        {
            return false;
        }
        for (var i = 0; i < sizes.Count; i++)
        {
            var expected = i < sizes.Count - 1 ? ChunkSize : Length - ((long)ChunkSize * (sizes.Count - 1));
            if (sizes[i] != expected)
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>A committed update whose every chunk commit is committed too, and whose chunk hashes make its root.</summary>
public sealed record CommittedUpdate(ulong Round, string Client, Hash32 Root, IReadOnlyList<Hash32> ChunkHashes, IReadOnlyList<int> ChunkSizes, ulong Samples);

/// <summary>
/// What a shard's ledger says about FL rounds, read block by block in ledger order, so every honest node of the shard
/// reaches the same conclusions (docs/LEARNING.md). An update is <em>complete</em> once its <see cref="ModelUpdate"/> and
/// all its <see cref="ChunkCommit"/>s are committed and the chunk hashes make the committed root; it is <em>available</em>
/// once f + 1 nodes of the shard have committed an <see cref="UpdateHeld"/> for it (so an honest node holds it). A round's
/// <em>cut</em> — the updates it aggregates — is every available update at the end of the first block after which at
/// least n − f are available; it never changes after that.
/// </summary>
public sealed class RoundBook
{
    private readonly IReadOnlySet<string> _clients;
    private readonly int _availableAt;
    private readonly int _cutAt;
    private readonly SortedDictionary<ulong, RoundEntries> _rounds = [];
    private readonly List<CommittedUpdate> _newlyComplete = [];

    private readonly UpdateShape? _shape;

    /// <param name="clients">The shard's FL clients: updates of anyone else are ignored.</param>
    /// <param name="faults">f: updates need f + 1 holders, and a cut needs n − f available updates (n = clients).</param>
    /// <param name="shape">
    /// The byte length every honest update has (the model layout's encoding) and the chunk size: an update of any other
    /// shape is never complete, so nobody fetches gigabytes a Byzantine client committed hashes for.
    /// </param>
    public RoundBook(IReadOnlyCollection<string> clients, int faults, UpdateShape? shape = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(faults);
        _clients = clients.ToHashSet(StringComparer.Ordinal);
        _availableAt = faults + 1;
        _cutAt = Math.Max(1, clients.Count - faults);
        _shape = shape;
    }

    /// <summary>n − f: available updates that close a round's cut (and what a node holds before it vouches).</summary>
    public int Quorum => _cutAt;

    /// <summary>Rounds below this are forgotten (<see cref="Forget"/>).</summary>
    public ulong Floor { get; private set; }

    /// <summary>Takes one committed block's entries (any kinds; the FL ones count), in ledger order.</summary>
    public void AddBlock(IEnumerable<LedgerEntry> entries)
    {
        var touched = new HashSet<ulong>();
        foreach (var entry in entries)
        {
            if (Add(entry) is { } round)
            {
                touched.Add(round);
            }
        }
        foreach (var round in touched)
        {
            var state = _rounds[round];
            foreach (var client in state.Updates.Keys.Where(c => !state.Complete.ContainsKey(c)).ToList())
            {
                if (state.TryComplete(client) is { } complete)
                {
                    _newlyComplete.Add(complete);
                }
            }
            // The cut is decided at a block boundary, from the ledger alone: the same block at every honest node.
            if (state.Cut is null)
            {
                var available = state.Complete.Keys.Where(c => state.HoldersOf(c) >= _availableAt).ToList();
                if (available.Count >= _cutAt)
                {
                    available.Sort(StringComparer.Ordinal);
                    state.Cut = available;
                }
            }
        }
    }

    /// <summary>Updates that became complete since the last call, in the order they did.</summary>
    public IReadOnlyList<CommittedUpdate> TakeNewlyComplete()
    {
        var taken = _newlyComplete.ToArray();
        _newlyComplete.Clear();
        return taken;
    }

    /// <summary>The round's cut (client ids in ordinal order), or null while undecided.</summary>
    public IReadOnlyList<CommittedUpdate>? Cut(ulong round) =>
        _rounds.TryGetValue(round, out var entries) && entries.Cut is { } cut ? [.. cut.Select(c => entries.Complete[c])] : null;

    public CommittedUpdate? Update(ulong round, string client) =>
        _rounds.TryGetValue(round, out var entries) ? entries.Complete.GetValueOrDefault(client) : null;

    /// <summary>How many distinct nodes vouched for (round, client)'s committed update.</summary>
    public int Holders(ulong round, string client) => _rounds.TryGetValue(round, out var entries) ? entries.HoldersOf(client) : 0;

    public void Forget(ulong belowRound)
    {
        Floor = Math.Max(Floor, belowRound);
        foreach (var round in _rounds.Keys.Where(r => r < belowRound).ToList())
        {
            _rounds.Remove(round);
        }
    }

    private ulong? Add(LedgerEntry entry)
    {
        var round = entry switch
        {
            ChunkCommit c when _clients.Contains(c.Client) => c.Round,
            ModelUpdate u when _clients.Contains(u.Client) => u.Round,
            UpdateHeld h when _clients.Contains(h.Client) => h.Round,
            _ => (ulong?)null,
        };
        if (round is not { } r || r < Floor)
        {
            return null;
        }
        if (!_rounds.TryGetValue(r, out var entries))
        {
            _rounds[r] = entries = new RoundEntries(r, _shape);
        }
        entries.Add(entry);
        return r;
    }

    private sealed class RoundEntries(ulong round, UpdateShape? shape)
    {
        public Dictionary<string, ModelUpdate> Updates { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Dictionary<uint, ChunkCommit>> Chunks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<UpdateHeld>> Held { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CommittedUpdate> Complete { get; } = new(StringComparer.Ordinal);

        /// <summary>Updates whose chunk hashes do not make their root: never complete, at any node.</summary>
        public HashSet<string> Broken { get; } = new(StringComparer.Ordinal);

        public List<string>? Cut { get; set; }

        public void Add(LedgerEntry entry)
        {
            switch (entry)
            {
                case ModelUpdate u:
                    // The ledger takes one update per client and round; keep the first regardless.
                    Updates.TryAdd(u.Client, u);
                    break;
                case ChunkCommit c:
                    if (!Chunks.TryGetValue(c.Client, out var chunks))
                    {
                        Chunks[c.Client] = chunks = [];
                    }
                    // Two commits of one index (a Byzantine client's): the first in ledger order is the one.
                    chunks.TryAdd(c.ChunkIndex, c);
                    break;
                case UpdateHeld h:
                    if (!Held.TryGetValue(h.Client, out var held))
                    {
                        Held[h.Client] = held = [];
                    }
                    held.Add(h);
                    break;
            }
        }

        public int HoldersOf(string client) =>
            Complete.TryGetValue(client, out var update) && Held.TryGetValue(client, out var held)
                ? held.Where(h => h.UpdateRoot == update.Root).Select(h => h.Holder).Distinct().Count()
                : 0;

        public CommittedUpdate? TryComplete(string client)
        {
            if (Broken.Contains(client) || !Updates.TryGetValue(client, out var update) || !Chunks.TryGetValue(client, out var chunks)
                || chunks.Count < update.ChunkCount)
            {
                return null;
            }
            var hashes = new Hash32[update.ChunkCount];
            var sizes = new int[update.ChunkCount];
            for (var i = 0u; i < update.ChunkCount; i++)
            {
                if (!chunks.TryGetValue(i, out var commit))
                {
                    return null;
                }
                hashes[i] = commit.ChunkHash;
                sizes[i] = (int)commit.Size;
            }
            if (MerkleRoot.Compute(hashes) != update.UpdateRoot || (shape is { } expected && !expected.Fits(sizes)))
            {
                Broken.Add(client);
                return null;
            }
            var complete = new CommittedUpdate(round, client, update.UpdateRoot, hashes, sizes, update.SampleCount);
            Complete[client] = complete;
            return complete;
        }
    }
}
