using System.Buffers.Binary;
using DumboFL.Core.Hashing;

namespace DumboFL.Core.Encoding;

/// <summary>
/// Reads what <see cref="CanonicalWriter"/> wrote. Every read is bounds-checked and every length prefix
/// is checked against the bytes actually left before anything is allocated; a short or malformed input
/// throws <see cref="FormatException"/>, which decoders turn into a rejection reason.
/// </summary>
public ref struct CanonicalReader
{
    private ReadOnlySpan<byte> _rest;

    public CanonicalReader(ReadOnlySpan<byte> data, string domainTag)
    {
        _rest = data;
        var tag = ReadString(256);
        if (tag != domainTag)
        {
            throw new FormatException($"expected domain tag '{domainTag}'");
        }
    }

    public readonly int Remaining => _rest.Length;

    public byte ReadU8() => Take(1)[0];

    public bool ReadBool() => ReadU8() switch
    {
        0 => false,
        1 => true,
        var b => throw new FormatException($"a boolean is 0 or 1, got {b}"),
    };

    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public int ReadI32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public Hash32 ReadHash() => new(Take(Hash32.Size));

    /// <summary>Length-prefixed bytes, at most <paramref name="maxLength"/>.</summary>
    public byte[] ReadBytes(int maxLength)
    {
        var length = ReadU32();
        if (length > (uint)maxLength || length > (uint)_rest.Length)
        {
            throw new FormatException($"a field of {length} bytes exceeds its limit ({maxLength}) or the input");
        }
        return Take((int)length).ToArray();
    }

    public string ReadString(int maxBytes)
    {
        var length = ReadU32();
        if (length > (uint)maxBytes || length > (uint)_rest.Length)
        {
            throw new FormatException($"a string of {length} bytes exceeds its limit ({maxBytes}) or the input");
        }
        return System.Text.Encoding.UTF8.GetString(Take((int)length));
    }

    /// <summary>Fails unless every byte was consumed: one value, one encoding.</summary>
    public readonly void End()
    {
        if (_rest.Length != 0)
        {
            throw new FormatException($"{_rest.Length} trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_rest.Length < count)
        {
            throw new FormatException("input ends early");
        }
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
