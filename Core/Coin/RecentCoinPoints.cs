using Org.BouncyCastle.Math.EC;

namespace DumboFL.Core.Coin;

// A node verifies up to n shares of the same coin id in a row, often on several threads: remember H(id)
// for the last few ids so hash-to-curve runs once per coin, and so BouncyCastle's wNAF tables, which it
// caches on the point object, are reused too. Lock-free: each slot holds an immutable entry, replaced
// whole; two threads missing the same id at once both compute it, which is harmless.
internal sealed class RecentCoinPoints
{
    private readonly Entry?[] _slots;
    private int _next = -1;

    public RecentCoinPoints(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Entry?[capacity];
    }

    public ECPoint Get(ReadOnlySpan<byte> coinId)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var entry = Volatile.Read(ref _slots[i]);
            if (entry is not null && coinId.SequenceEqual(entry.CoinId))
            {
                return entry.Point;
            }
        }
        var point = HashToCurve.Map(coinId);
        var slot = (Interlocked.Increment(ref _next) & int.MaxValue) % _slots.Length;
        Volatile.Write(ref _slots[slot], new Entry(coinId.ToArray(), point));
        return point;
    }

    private sealed record Entry(byte[] CoinId, ECPoint Point);
}
