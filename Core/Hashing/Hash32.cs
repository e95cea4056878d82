using System.Buffers.Binary;

namespace DumboFL.Core.Hashing;

/// <summary>A SHA-256 digest. Value type with cheap equality so it can key dictionaries on hot paths.</summary>
public readonly struct Hash32 : IEquatable<Hash32>, IComparable<Hash32>
{
    public const int Size = 32;
    private readonly ulong _a, _b, _c, _d;

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a hash is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public static Hash32 Zero => default;

    public static Hash32 Of(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Size];
        Sha256.Hash(data, digest);
        return new Hash32(digest);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The first 8 bytes read big-endian: a uniform 64-bit number for seeding and sampling.</summary>
    public ulong Prefix64 => _a;

    public string ToHex() => Convert.ToHexStringLower(ToArray());

    public static Hash32 FromHex(string hex) => new(Convert.FromHexString(hex));

    public bool Equals(Hash32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    public override int GetHashCode() => unchecked((int)(_a ^ (_a >> 32)));

    public int CompareTo(Hash32 other)
    {
        var c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);
    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
    public static bool operator <(Hash32 left, Hash32 right) => left.CompareTo(right) < 0;
    public static bool operator >(Hash32 left, Hash32 right) => left.CompareTo(right) > 0;
    public static bool operator <=(Hash32 left, Hash32 right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Hash32 left, Hash32 right) => left.CompareTo(right) >= 0;

    public override string ToString() => ToHex()[..16];
}
