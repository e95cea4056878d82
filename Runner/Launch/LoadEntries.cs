using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Runner.Launch;

/// <summary>
/// Writes <c>POST /tx</c> bodies (<c>u32 LE length ‖ entry</c> each) of unique load entries: <see cref="Payload"/>s
/// whose canonical encoding is exactly the requested size, and, for <c>--invalid</c>, a share of
/// <see cref="ModelUpdate"/>s from clients the shard does not know (refused by the API with 400).
/// </summary>
public sealed class LoadEntries
{
    /// <summary>Room for the unique part (run prefix + counter) after the payload's canonical header.</summary>
    public const int MinTxSize = 64;

    public const int MaxTxSize = 64 * 1024;

    private const int UniqueBytes = 24;
    private const int MaxInvalidEntry = 160;

    private readonly byte[] _template;
    private readonly int _dataOffset;
    private readonly byte[] _runPrefix = RandomNumberGenerator.GetBytes(16);
    private readonly double _invalidFraction;
    private long _counter;

    public LoadEntries(int txSize, double invalidFraction)
    {
        // The canonical header (domain tag, kind, length) does not depend on the bytes: learn its size from
        // one real encoding, so the load never drifts from the codec.
        var probe = new Payload(new byte[1]).Encode();
        var header = probe.Length - 1;
        var dataLength = Math.Max(UniqueBytes, txSize - header);
        _template = new Payload(new byte[dataLength]).Encode();
        _dataOffset = _template.Length - dataLength;
        _runPrefix.CopyTo(_template, _dataOffset);
        _invalidFraction = invalidFraction;
    }

    public int EntrySize => _template.Length;

    /// <summary>A body of <paramref name="count"/> entries; dispose it to give its buffer back.</summary>
    public LoadBody Write(int count)
    {
        var first = Interlocked.Add(ref _counter, count) - count;
        // An invalid entry (a ModelUpdate, ~110 bytes) may be longer than a small payload.
        var buffer = ArrayPool<byte>.Shared.Rent(count * (4 + Math.Max(_template.Length, MaxInvalidEntry)));
        var position = 0;
        var invalid = 0;
        for (var i = 0; i < count; i++)
        {
            var number = first + i;
            if (IsInvalid(number))
            {
                var entry = new ModelUpdate(0, $"intruder-{number}", Hash32.Of(_runPrefix), 1, 1).Encode();
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(position), (uint)entry.Length);
                entry.CopyTo(buffer, position + 4);
                position += 4 + entry.Length;
                invalid++;
                continue;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(position), (uint)_template.Length);
            _template.CopyTo(buffer, position + 4);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(position + 4 + _dataOffset + 16), number);
            position += 4 + _template.Length;
        }
        return new LoadBody(buffer, position, count - invalid, invalid);
    }

    // Entry k is invalid when ⌊(k+1)·x⌋ > ⌊k·x⌋: exactly a share x of the stream, spread evenly.
    private bool IsInvalid(long number) =>
        _invalidFraction > 0 && Math.Floor((number + 1) * _invalidFraction) > Math.Floor(number * _invalidFraction);
}
