using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using DumboFL.Core.Hashing;

namespace DumboFL.Core.Encoding;

/// <summary>
/// The one encoding used for anything that is hashed or signed: fixed layout, little-endian integers,
/// length-prefixed variable fields, and a domain tag first so that a signature over one kind of
/// statement can never be replayed as another. Never hash or sign a serializer's output instead.
/// </summary>
public sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public CanonicalWriter(string domainTag, int initialCapacity = 128)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
        WriteString(domainTag);
    }

    public CanonicalWriter WriteU8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public CanonicalWriter WriteBool(bool value) => WriteU8(value ? (byte)1 : (byte)0);

    public CanonicalWriter WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public CanonicalWriter WriteI32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public CanonicalWriter WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public CanonicalWriter WriteHash(Hash32 hash)
    {
        hash.CopyTo(_buffer.GetSpan(Hash32.Size));
        _buffer.Advance(Hash32.Size);
        return this;
    }

    /// <summary>Length-prefixed (u32) bytes.</summary>
    public CanonicalWriter WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteU32((uint)bytes.Length);
        _buffer.Write(bytes);
        return this;
    }

    public CanonicalWriter WriteString(string value)
    {
        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteU32((uint)count);
        var written = System.Text.Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(written);
        return this;
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public Hash32 Hash() => Hash32.Of(_buffer.WrittenSpan);
}
