using System.Buffers.Binary;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// A block's entries as one stored value: each entry's canonical bytes after a 4-byte little-endian length, in block
/// order. One row per block instead of one per entry is what keeps the cost of storing an entry flat as the ledger
/// grows. The body's SHA-256 is stored beside it and checked on every read, so any damage (a flipped byte, an entry
/// swapped for another valid one, a truncated body) is reported as corruption of that block.
/// </summary>
internal static class BlockBody
{
    private const int LengthSize = sizeof(uint);

    public static byte[] Encode(IReadOnlyList<LedgerEntry> entries) => Encode(entries.Select(e => e.Encode()).ToArray());

    public static byte[] Encode(IReadOnlyList<byte[]> entries)
    {
        var size = 0L;
        foreach (var bytes in entries)
        {
            size += LengthSize + bytes.Length;
        }
        var body = new byte[checked((int)size)];
        var offset = 0;
        foreach (var bytes in entries)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(offset), (uint)bytes.Length);
            bytes.CopyTo(body.AsSpan(offset + LengthSize));
            offset += LengthSize + bytes.Length;
        }
        return body;
    }

    /// <summary>Every entry of a stored body, which must hash to <paramref name="digest"/> and hold exactly <paramref name="count"/> entries.</summary>
    /// <exception cref="LedgerCorruptException">The body is damaged.</exception>
    public static List<LedgerEntry> Decode(ulong height, byte[] body, Hash32 digest, int count)
    {
        CheckDigest(height, body, digest);
        var entries = new List<LedgerEntry>(count);
        var offset = 0;
        while (offset < body.Length)
        {
            entries.Add(DecodeAt(height, body, entries.Count, ref offset));
        }
        if (entries.Count != count)
        {
            throw new LedgerCorruptException(height, $"the body holds {entries.Count} entries, the header says {count}");
        }
        return entries;
    }

    /// <summary>The entry at <paramref name="position"/> of a stored body (checked against its digest).</summary>
    public static LedgerEntry EntryAt(ulong height, byte[] body, Hash32 digest, int position)
    {
        CheckDigest(height, body, digest);
        var offset = 0;
        for (var i = 0; i < position; i++)
        {
            offset = checked(offset + LengthSize + (int)Length(height, body, offset, i));
        }
        return DecodeAt(height, body, position, ref offset);
    }

    private static void CheckDigest(ulong height, byte[] body, Hash32 digest)
    {
        if (Hash32.Of(body) != digest)
        {
            throw new LedgerCorruptException(height, "the stored entries do not hash to the block's recorded body digest");
        }
    }

    private static LedgerEntry DecodeAt(ulong height, byte[] body, int position, ref int offset)
    {
        var length = (int)Length(height, body, offset, position);
        try
        {
            var entry = EntryCodec.Decode(body.AsSpan(offset + LengthSize, length));
            offset += LengthSize + length;
            return entry;
        }
        catch (FormatException e)
        {
            throw new LedgerCorruptException(height, $"entry {position} does not decode: {e.Message}", e);
        }
    }

    private static uint Length(ulong height, byte[] body, int offset, int position)
    {
        if (body.Length - offset < LengthSize)
        {
            throw new LedgerCorruptException(height, $"the body ends inside the length of entry {position}");
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(offset));
        if (length > (uint)(body.Length - offset - LengthSize))
        {
            throw new LedgerCorruptException(height, $"entry {position} claims {length} bytes, {body.Length - offset - LengthSize} are left");
        }
        return length;
    }
}
