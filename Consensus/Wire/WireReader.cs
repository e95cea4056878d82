using System.Buffers.Binary;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Wire;

/// <summary>
/// Reads the wire layout from bytes a peer sent. Every read is bounds-checked, every length and count is
/// checked against its limit and against the bytes actually left before anything is allocated, and every
/// problem is a <see cref="FormatException"/>: the verify stage treats a throw as "drop and count", so no
/// other exception type may escape.
/// </summary>
/// <remarks>
/// Not Core's CanonicalReader: that one expects a domain tag in front (a wire message has a one-byte kind
/// instead) and has no notion of node indexes or of the shard's limits.
/// </remarks>
internal ref partial struct WireReader
{
    private readonly WireLimits _limits;
    private ReadOnlySpan<byte> _rest;

    public WireReader(ReadOnlySpan<byte> bytes, WireLimits limits)
    {
        _rest = bytes;
        _limits = limits;
    }

    public byte ReadU8() => Take(1)[0];

    public bool ReadBool(string field) => ReadU8() switch
    {
        0 => false,
        1 => true,
        var b => throw new FormatException($"{field}: a boolean is 0 or 1, got {b}"),
    };

    public int ReadI32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(sizeof(uint)));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong)));

    public Hash32 ReadHash() => new(Take(Hash32.Size));

    /// <summary>A node index of this shard: 0..n−1.</summary>
    public int ReadIndex(string field)
    {
        var index = ReadI32();
        return index >= 0 && index < _limits.N
            ? index
            : throw new FormatException($"{field} {index} is not a node index (n = {_limits.N})");
    }

    public int ReadNonNegative(string field)
    {
        var value = ReadI32();
        return value >= 0 ? value : throw new FormatException($"{field} {value} is negative");
    }

    /// <summary>
    /// A u32 element count, at most <paramref name="max"/>, and small enough that the elements could fit in the
    /// bytes left (each takes at least <paramref name="minElementBytes"/>): a forged count cannot make us
    /// allocate for elements that are not there.
    /// </summary>
    public int ReadCount(int max, int minElementBytes, string field)
    {
        var count = ReadU32();
        if (count > (uint)max)
        {
            throw new FormatException($"{field}: {count} elements, at most {max}");
        }
        if ((ulong)count * (ulong)minElementBytes > (ulong)_rest.Length)
        {
            throw new FormatException($"{field}: {count} elements cannot fit in the {_rest.Length} bytes left");
        }
        return (int)count;
    }

    /// <summary>A length-prefixed field of at most <paramref name="maxLength"/> bytes, not copied.</summary>
    public ReadOnlySpan<byte> ReadBytes(int maxLength, string field)
    {
        var length = ReadU32();
        if (length > (uint)maxLength)
        {
            throw new FormatException($"{field}: {length} bytes, at most {maxLength}");
        }
        return Take((int)length);
    }

    /// <summary>A length-prefixed field whose size the format fixes (a signature, a point, a scalar), copied.</summary>
    public byte[] ReadFixed(int size, string field)
    {
        var length = ReadU32();
        if (length != (uint)size)
        {
            throw new FormatException($"{field}: {length} bytes, expected {size}");
        }
        return Take(size).ToArray();
    }

    /// <summary>One message, one encoding: nothing may follow it.</summary>
    public readonly void End()
    {
        if (!_rest.IsEmpty)
        {
            throw new FormatException($"{_rest.Length} trailing bytes after the message");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_rest.Length < count)
        {
            throw new FormatException("the message ends early");
        }
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
