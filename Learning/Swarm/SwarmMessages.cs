using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Learning.Swarm;

/// <summary>
/// A message of the chunk swarm (ARCHITECTURE.md §9), BitTorrent-style, on the node transport's swarm channel. Every
/// message after the handshake names the update it is about (round and source client), so one connection carries the
/// exchange of every update of the round.
/// </summary>
public abstract record SwarmMessage;

/// <summary>Opens a swarm between two neighbours: the round, the round's update roots known to the sender, its id.</summary>
public sealed record Handshake(ulong Round, string Peer, IReadOnlyList<(string Client, Hash32 Root)> Updates) : SwarmMessage;

/// <summary>Every chunk of one update the sender holds (bit i: chunk i).</summary>
public sealed record BitfieldMessage(ulong Round, string Client, int ChunkCount, byte[] Bits) : SwarmMessage;

/// <summary>Chunks the sender has just persisted (batched; sent only after they are stored).</summary>
public sealed record Have(ulong Round, string Client, IReadOnlyList<int> Indexes) : SwarmMessage;

public sealed record Interested(bool Value) : SwarmMessage;

public sealed record Choke(bool Value) : SwarmMessage;

public sealed record Request(ulong Round, string Client, int Index) : SwarmMessage;

public sealed record Piece(ulong Round, string Client, int Index, byte[] Bytes) : SwarmMessage;

public sealed record Cancel(ulong Round, string Client, int Index) : SwarmMessage;

public sealed record KeepAlive : SwarmMessage;

/// <summary>The canonical wire form of swarm messages; decoding refuses anything but an exact encoding, within bounds.</summary>
public static class SwarmCodec
{
    public const string DomainTag = "dumbofl/swarm/v1";

    public const int MaxIdBytes = 256;

    /// <summary>Chunks an update may have (and so the largest bitfield and HAVE batch).</summary>
    public const int MaxChunks = 1 << 20;

    public const int MaxPieceBytes = Chunks.ChunkedUpdate.MaxChunkSize;

    public const int MaxUpdatesPerHandshake = 4096;

    private enum Tag : byte
    {
        Handshake = 1,
        Bitfield = 2,
        Have = 3,
        Interested = 4,
        Choke = 5,
        Request = 6,
        Piece = 7,
        Cancel = 8,
        KeepAlive = 9,
    }

    public static byte[] Encode(SwarmMessage message)
    {
        var writer = new CanonicalWriter(DomainTag);
        switch (message)
        {
            case Handshake h:
                writer.WriteU8((byte)Tag.Handshake).WriteU64(h.Round).WriteString(h.Peer).WriteU32((uint)h.Updates.Count);
                foreach (var (client, root) in h.Updates)
                {
                    writer.WriteString(client).WriteHash(root);
                }
                break;
            case BitfieldMessage b:
                writer.WriteU8((byte)Tag.Bitfield).WriteU64(b.Round).WriteString(b.Client).WriteU32((uint)b.ChunkCount).WriteBytes(b.Bits);
                break;
            case Have h:
                writer.WriteU8((byte)Tag.Have).WriteU64(h.Round).WriteString(h.Client).WriteU32((uint)h.Indexes.Count);
                foreach (var index in h.Indexes)
                {
                    writer.WriteU32((uint)index);
                }
                break;
            case Interested i:
                writer.WriteU8((byte)Tag.Interested).WriteBool(i.Value);
                break;
            case Choke c:
                writer.WriteU8((byte)Tag.Choke).WriteBool(c.Value);
                break;
            case Request r:
                writer.WriteU8((byte)Tag.Request).WriteU64(r.Round).WriteString(r.Client).WriteU32((uint)r.Index);
                break;
            case Piece p:
                writer.WriteU8((byte)Tag.Piece).WriteU64(p.Round).WriteString(p.Client).WriteU32((uint)p.Index).WriteBytes(p.Bytes);
                break;
            case Cancel c:
                writer.WriteU8((byte)Tag.Cancel).WriteU64(c.Round).WriteString(c.Client).WriteU32((uint)c.Index);
                break;
            case KeepAlive:
                writer.WriteU8((byte)Tag.KeepAlive);
                break;
            default:
                throw new ArgumentException($"unknown swarm message {message.GetType().Name}", nameof(message));
        }
        return writer.ToArray();
    }

    /// <exception cref="FormatException">Not the exact encoding of a swarm message, or outside its bounds.</exception>
    public static SwarmMessage Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, DomainTag);
        SwarmMessage message = (Tag)reader.ReadU8() switch
        {
            Tag.Handshake => ReadHandshake(ref reader),
            Tag.Bitfield => ReadBitfield(ref reader),
            Tag.Have => ReadHave(ref reader),
            Tag.Interested => new Interested(reader.ReadBool()),
            Tag.Choke => new Choke(reader.ReadBool()),
            Tag.Request => new Request(reader.ReadU64(), reader.ReadString(MaxIdBytes), Index(reader.ReadU32())),
            Tag.Piece => new Piece(reader.ReadU64(), reader.ReadString(MaxIdBytes), Index(reader.ReadU32()), reader.ReadBytes(MaxPieceBytes)),
            Tag.Cancel => new Cancel(reader.ReadU64(), reader.ReadString(MaxIdBytes), Index(reader.ReadU32())),
            Tag.KeepAlive => new KeepAlive(),
            var tag => throw new FormatException($"unknown swarm message tag {(byte)tag}"),
        };
        reader.End();
        return message;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out SwarmMessage? message, out string error) =>
        CanonicalDecoding.TryDecode(Decode, bytes, out message, out error);

    private static Handshake ReadHandshake(ref CanonicalReader reader)
    {
        var round = reader.ReadU64();
        var peer = reader.ReadString(MaxIdBytes);
        var count = reader.ReadU32();
        if (count > MaxUpdatesPerHandshake || count > (uint)reader.Remaining / (Hash32.Size + 4))
        {
            throw new FormatException($"a handshake with {count} updates");
        }
        var updates = new (string, Hash32)[count];
        for (var i = 0; i < updates.Length; i++)
        {
            updates[i] = (reader.ReadString(MaxIdBytes), reader.ReadHash());
        }
        return new Handshake(round, peer, updates);
    }

    private static BitfieldMessage ReadBitfield(ref CanonicalReader reader)
    {
        var round = reader.ReadU64();
        var client = reader.ReadString(MaxIdBytes);
        var chunks = reader.ReadU32();
        if (chunks == 0 || chunks > MaxChunks)
        {
            throw new FormatException($"a bitfield of {chunks} chunks");
        }
        var bits = reader.ReadBytes((MaxChunks + 7) / 8);
        if (bits.Length != (chunks + 7) / 8)
        {
            throw new FormatException($"a bitfield of {chunks} chunks in {bits.Length} bytes");
        }
        // Bits past the last chunk must be zero: one bitfield, one encoding.
        if (chunks % 8 != 0 && (bits[^1] >> (int)(chunks % 8)) != 0)
        {
            throw new FormatException("a bitfield with bits set past its last chunk");
        }
        return new BitfieldMessage(round, client, (int)chunks, bits);
    }

    private static Have ReadHave(ref CanonicalReader reader)
    {
        var round = reader.ReadU64();
        var client = reader.ReadString(MaxIdBytes);
        var count = reader.ReadU32();
        if (count == 0 || count > MaxChunks || count > (uint)reader.Remaining / 4)
        {
            throw new FormatException($"a HAVE of {count} chunks");
        }
        var indexes = new int[count];
        for (var i = 0; i < indexes.Length; i++)
        {
            indexes[i] = Index(reader.ReadU32());
        }
        return new Have(round, client, indexes);
    }

    private static int Index(uint value) => value < MaxChunks ? (int)value : throw new FormatException($"chunk index {value} is past the largest update");
}
