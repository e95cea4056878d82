using System.Buffers.Binary;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Wire;

/// <summary>
/// Writes the wire layout (little-endian integers, u32-length-prefixed byte fields) into a span. The same
/// write code runs twice: once measuring (nothing written, only the position advances), then into a buffer
/// of exactly that size, so the buffer is allocated once and the size can never drift from the layout.
/// </summary>
internal ref partial struct WireWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _measuring;
    private int _position;

    public WireWriter(Span<byte> buffer) => _buffer = buffer;

    private WireWriter(bool measuring) => _measuring = measuring;

    public static WireWriter Measuring() => new(measuring: true);

    public readonly int Position => _position;

    public void WriteU8(byte value)
    {
        var span = Reserve(1);
        if (!_measuring)
        {
            span[0] = value;
        }
    }

    public void WriteBool(bool value) => WriteU8(value ? (byte)1 : (byte)0);

    public void WriteI32(int value)
    {
        var span = Reserve(sizeof(int));
        if (!_measuring)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span, value);
        }
    }

    public void WriteU32(uint value)
    {
        var span = Reserve(sizeof(uint));
        if (!_measuring)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    public void WriteU64(ulong value)
    {
        var span = Reserve(sizeof(ulong));
        if (!_measuring)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        }
    }

    public void WriteHash(Hash32 hash)
    {
        var span = Reserve(Hash32.Size);
        if (!_measuring)
        {
            hash.CopyTo(span);
        }
    }

    /// <summary>u32 length, then the bytes. A null array is written as empty (the decoder then refuses it where a size is fixed).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteU32((uint)bytes.Length);
        var span = Reserve(bytes.Length);
        if (!_measuring)
        {
            bytes.CopyTo(span);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_position > int.MaxValue - count)
        {
            throw new ArgumentException("the message does not fit in 2 GiB");
        }
        var start = _position;
        _position += count;
        return _measuring ? default : _buffer.Slice(start, count);
    }
}
