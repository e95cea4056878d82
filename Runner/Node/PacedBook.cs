using DumboFL.Core.Hashing;
using DumboFL.Ledger.Book;

namespace DumboFL.Runner.Node;

/// <summary>
/// Paces the epochs a node opens itself: the book reports work only once a full proposal (⌈B/n⌉ entries) is
/// pending or <see cref="Interval"/> has passed since this node last cut one. Without it a shard runs epochs
/// back to back, however little is pending, and every epoch costs the same fixed work (PRBC and agreement
/// messages, signatures, a threshold coin, a block certificate, a commit): at 5,000 tx/s the four nodes ran 19
/// epochs a second and used 1.7 of the machine's 2 cores. Paced, the same work is spread over fewer, larger
/// epochs, which leaves the CPU to entries; the price is up to one interval of waiting at low load.
/// A node still joins at once an epoch that another node opened (see <c>DumboNode</c>), so one node's pace sets
/// the shard's. <see cref="TimeSpan.Zero"/> (the default) turns pacing off: it costs tail latency and did not
/// raise saturation throughput on the benchmark machine (docs/NODE.md, "Epoch pacing").
/// </summary>
internal sealed class PacedBook(TxBook inner, TimeProvider time, TimeSpan interval, int fullProposal) : IPendingBook
{
    private long? _lastCut;

    public TimeSpan Interval { get; } = interval;

    public int Count => inner.Count;

    /// <summary>True when the interval since the last cut has passed (or nothing was cut yet).</summary>
    public bool Due => _lastCut is not { } last || time.GetElapsedTime(last) >= Interval;

    public bool Add(byte[] item) => inner.Add(item);

    public IReadOnlyList<byte[]> Cut(int window, int count, Random random)
    {
        _lastCut = time.GetTimestamp();
        return inner.Cut(window, count, random);
    }

    public bool HasWork(int window) => inner.HasWork(window) && (Due || inner.Count >= fullProposal);

    public void Remove(IEnumerable<Hash32> committed) => inner.Remove(committed);
}
