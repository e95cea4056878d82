using System.Buffers.Binary;

namespace DumboFL.Core.Coin;

// Reads back what CanonicalWriter wrote, for the coin's key files. Every length is checked before
// anything is sliced or allocated; any mismatch is a FormatException.
internal ref struct CoinReader
{
    private ReadOnlySpan<byte> _rest;

    public CoinReader(ReadOnlySpan<byte> bytes) => _rest = bytes;

    public readonly int Remaining => _rest.Length;

    public void ExpectTag(string tag)
    {
        var expected = System.Text.Encoding.UTF8.GetBytes(tag);
        if (ReadU32() != (uint)expected.Length || !Take(expected.Length).SequenceEqual(expected))
        {
            throw new FormatException($"expected a {tag} encoding");
        }
    }

    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(sizeof(uint)));

    // A length-prefixed field whose length the format fixes.
    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        if (ReadU32() != (uint)length)
        {
            throw new FormatException($"expected a {length}-byte field");
        }
        return Take(length);
    }

    public readonly void ExpectEnd()
    {
        if (!_rest.IsEmpty)
        {
            throw new FormatException($"{_rest.Length} trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_rest.Length < count)
        {
            throw new FormatException("truncated encoding");
        }
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
