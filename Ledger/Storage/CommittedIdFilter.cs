using System.Buffers.Binary;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// A scalable, cache-blocked Bloom filter over committed entry ids: "certainly not committed" without a store lookup,
/// which is the answer for nearly every entry validated (new submissions, the pending window, each decided entry at
/// apply and again at append). A "maybe" goes to the store, so a false positive costs one index lookup (a page read
/// per run) and never a wrong verdict.
/// <para>
/// 20 bits per id. Each id's <see cref="HashCount"/> bits sit in one 512-bit block (one or two cache lines), so an
/// absent id costs one memory miss per segment instead of one per bit: with a ledger of millions of ids the misses
/// were the filter's whole cost. At 16 bits (about 0.17 % false positives per full segment) the page reads behind false
/// positives made applying an entry 70 % dearer by 10 million entries (docs/BENCHMARKS.md).
/// </para>
/// <para>
/// The first segment holds a planned capacity (a node sizes it, <c>--id-capacity</c>), so its memory is taken once,
/// when the node starts, and a lookup costs one miss until the ledger outgrows the plan. Past it, segments of twice the
/// previous size are added (two misses, then three, …): memory still grows only by doubling, never per entry.
/// </para>
/// </summary>
public sealed class CommittedIdFilter
{
    private const int HashCount = 13;
    private const int BitsPerId = 20;

    /// <summary>Ids the first segment holds when no capacity is planned: 2.5 MB.</summary>
    public const long DefaultCapacity = 1 << 20;

    /// <summary>The largest segment: its words fit one array (8 words per 512-bit block).</summary>
    private static readonly long MaxSegmentCapacity = (long)Array.MaxLength / 8 * 512 / BitsPerId;

    private readonly List<Segment> _segments = [];
    private readonly long _firstCapacity;

    /// <param name="capacity">Ids the first segment holds (its memory is <paramref name="capacity"/> × 2.5 bytes).</param>
    public CommittedIdFilter(long capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _firstCapacity = Math.Min(capacity, MaxSegmentCapacity);
    }

    /// <summary>Ids held before a second segment is needed.</summary>
    public long FirstCapacity => _firstCapacity;

    /// <summary>Segments a lookup of an absent id reads (one memory miss each).</summary>
    public int SegmentCount => _segments.Count;

    /// <summary>Bytes of bit array held.</summary>
    public long Bytes => _segments.Sum(s => s.Bytes);

    public long Count { get; private set; }

    public void Add(Hash32 id)
    {
        if (_segments.Count == 0 || _segments[^1].IsFull)
        {
            _segments.Add(new Segment(_segments.Count == 0 ? _firstCapacity : Math.Min(_segments[^1].Capacity * 2, MaxSegmentCapacity)));
        }
        var (block, h1, h2) = Split(id);
        _segments[^1].Add(block, h1, h2);
        Count++;
    }

    public bool MightContain(Hash32 id)
    {
        var (block, h1, h2) = Split(id);
        // Newest (largest) first: it holds most of the ids.
        for (var i = _segments.Count - 1; i >= 0; i--)
        {
            if (_segments[i].MightContain(block, h1, h2))
            {
                return true;
            }
        }
        return false;
    }

    // Ids are SHA-256 outputs: their 64-bit slices are independent uniform hashes. One picks the block, two more give
    // the bits inside it (Kirsch–Mitzenmacher double hashing).
    private static (ulong Block, ulong H1, ulong H2) Split(Hash32 id)
    {
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        id.CopyTo(bytes);
        return (BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]) | 1);
    }

    private sealed class Segment
    {
        private const int WordsPerBlock = 8;
        private readonly ulong[] _words;
        private readonly ulong _blocks;
        private long _count;

        public Segment(long capacity)
        {
            Capacity = capacity;
            // Exactly BitsPerId per id (not rounded up to a power of two, which cost up to 60 % more memory): blocks
            // are chosen by multiply-shift range reduction instead of a mask.
            _blocks = (ulong)((capacity * BitsPerId) + 511) / 512;
            _words = new ulong[_blocks * WordsPerBlock];
        }

        public long Capacity { get; }

        public long Bytes => _words.LongLength * sizeof(ulong);

        public bool IsFull => _count >= Capacity;

        public void Add(ulong block, ulong h1, ulong h2)
        {
            var words = _words.AsSpan((int)Math.BigMul(block, _blocks, out _) * WordsPerBlock, WordsPerBlock);
            for (var i = 0UL; i < HashCount; i++)
            {
                var bit = unchecked(h1 + (i * h2)) & 511;
                words[(int)(bit >> 6)] |= 1UL << (int)(bit & 63);
            }
            _count++;
        }

        public bool MightContain(ulong block, ulong h1, ulong h2)
        {
            var words = _words.AsSpan((int)Math.BigMul(block, _blocks, out _) * WordsPerBlock, WordsPerBlock);
            for (var i = 0UL; i < HashCount; i++)
            {
                var bit = unchecked(h1 + (i * h2)) & 511;
                if ((words[(int)(bit >> 6)] & (1UL << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
