using System.Buffers.Binary;
using DumboFL.Core.Hashing;

namespace DumboFL.Simulator;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small generator whose output is fixed by this code alone,
/// so a seed replays the same run on any runtime version (System.Random makes no such promise).
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An independent generator for one purpose, so adding draws in one place does not shift another.</summary>
    public static DeterministicRandom For(ulong seed, string purpose, long index = 0) =>
        new(SeedDerivation.Derive(seed, purpose, index));

    // Generator arithmetic wraps mod 2^64 by design: unchecked even where the build checks overflow.
    public ulong NextU64()
    {
        var result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be positive");
        }
        return (int)(NextU64() % (ulong)maxExclusive);
    }

    /// <summary>Uniform in [minInclusive, maxExclusive).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public bool Chance(double probability) => NextDouble() < probability;

    public bool NextBool() => (NextU64() & 1) == 1;

    public void NextBytes(Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        for (var i = 0; i < destination.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, NextU64());
            word[..Math.Min(8, destination.Length - i)].CopyTo(destination[i..]);
        }
    }

    public byte[] NextBytes(int count)
    {
        var bytes = new byte[count];
        NextBytes(bytes);
        return bytes;
    }

    public Hash32 NextHash() => new(NextBytes(Hash32.Size));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Fisher–Yates; returns a new shuffled array.</summary>
    public T[] Shuffle<T>(IEnumerable<T> items)
    {
        var array = items.ToArray();
        for (var i = array.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (array[i], array[j]) = (array[j], array[i]);
        }
        return array;
    }

    /// <summary>Exponentially distributed with the given mean.</summary>
    public double NextExponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    private static ulong SplitMix(ref ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            var z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
