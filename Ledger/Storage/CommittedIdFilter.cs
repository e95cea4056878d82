using System.Buffers.Binary;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// A scalable Bloom filter over committed entry ids: "certainly not committed" without a store lookup, which is
/// the answer for nearly every entry validated (new submissions, and the pending window re-validated before each
/// cut). A "maybe" goes to the store, so a false positive costs one lookup and never a wrong verdict. 16 bits per id
/// and 11 hashes (0.05 % false positives per full segment); segments double in size as the ledger grows, so a ledger
/// of 15 million ids has four and answers "maybe" for about 0.2 % of absent ids. Each entry is checked several times
/// (on submission, before each cut, at apply, at append) and a "maybe" reads a page of every run of the index: at
/// 10 bits per id the lookups behind false positives were most of the index's cost.
/// </summary>
public sealed class CommittedIdFilter
{
    private const int HashCount = 11;
    private const int BitsPerId = 16;
    private const long FirstCapacity = 1 << 20;

    private readonly List<Segment> _segments = [];

    public long Count { get; private set; }

    public void Add(Hash32 id)
    {
        if (_segments.Count == 0 || _segments[^1].IsFull)
        {
            _segments.Add(new Segment(_segments.Count == 0 ? FirstCapacity : _segments[^1].Capacity * 2));
        }
        var (h1, h2) = Split(id);
        _segments[^1].Add(h1, h2);
        Count++;
    }

    public bool MightContain(Hash32 id)
    {
        var (h1, h2) = Split(id);
        foreach (var segment in _segments)
        {
            if (segment.MightContain(h1, h2))
            {
                return true;
            }
        }
        return false;
    }

    // Ids are SHA-256 outputs: any two 64-bit slices are independent uniform hashes (Kirsch–Mitzenmacher double hashing).
    private static (ulong H1, ulong H2) Split(Hash32 id)
    {
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        id.CopyTo(bytes);
        return (BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) | 1);
    }

    private sealed class Segment
    {
        private readonly ulong[] _words;
        private readonly ulong _mask;
        private long _count;

        public Segment(long capacity)
        {
            Capacity = capacity;
            var bits = (ulong)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(capacity * BitsPerId));
            _words = new ulong[bits / 64];
            _mask = bits - 1;
        }

        public long Capacity { get; }

        public bool IsFull => _count >= Capacity;

        public void Add(ulong h1, ulong h2)
        {
            for (var i = 0UL; i < HashCount; i++)
            {
                var bit = unchecked(h1 + (i * h2)) & _mask;
                _words[bit >> 6] |= 1UL << (int)(bit & 63);
            }
            _count++;
        }

        public bool MightContain(ulong h1, ulong h2)
        {
            for (var i = 0UL; i < HashCount; i++)
            {
                var bit = unchecked(h1 + (i * h2)) & _mask;
                if ((_words[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
