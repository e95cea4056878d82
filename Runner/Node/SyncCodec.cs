using DumboFL.Core.Encoding;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;

namespace DumboFL.Runner.Node;

/// <summary>
/// Canonical encoding of the sync channel. Blocks travel as header bytes, certificate bytes and entry bytes, so
/// the receiver re-derives every hash itself. Decoding is bounded and throws only <see cref="FormatException"/>.
/// </summary>
public static class SyncCodec
{
    private const string Tag = "dumbofl/sync/v1";
    private const byte StatusKind = 1;
    private const byte RequestKind = 2;
    private const byte ResponseKind = 3;

    public const int MaxBlocksPerResponse = 64;
    public const int MaxEntriesPerBlock = 1 << 20;

    public static byte[] Encode(SyncMessage message)
    {
        var writer = new CanonicalWriter(Tag, message is BlockResponse response ? EstimateSize(response) : 64);
        switch (message)
        {
            case SyncStatus status:
                writer.WriteU8(StatusKind).WriteBool(status.Height is not null).WriteU64(status.Height ?? 0).WriteU64(status.Epoch).WriteBool(status.Syncing);
                break;
            case BlockRequest request:
                writer.WriteU8(RequestKind).WriteU64(request.From).WriteI32(request.Count);
                break;
            case BlockResponse blocks:
                writer.WriteU8(ResponseKind).WriteU32((uint)blocks.Blocks.Count);
                foreach (var block in blocks.Blocks)
                {
                    writer.WriteBytes(block.Header.Encode());
                    writer.WriteBytes(block.Certificate is { } certificate ? CertificateCodec.Encode(certificate) : []);
                    writer.WriteU32((uint)block.Entries.Count);
                    foreach (var entry in block.Entries)
                    {
                        writer.WriteBytes(entry.Encode());
                    }
                }
                break;
            default:
                throw new ArgumentException($"not a sync message: {message.GetType().Name}", nameof(message));
        }
        return writer.ToArray();
    }

    public static SyncMessage Decode(ReadOnlySpan<byte> bytes, int maxEntryBytes)
    {
        var reader = new CanonicalReader(bytes, Tag);
        SyncMessage message = reader.ReadU8() switch
        {
            StatusKind => ReadStatus(ref reader),
            RequestKind => new BlockRequest(reader.ReadU64(), reader.ReadI32()),
            ResponseKind => ReadResponse(ref reader, maxEntryBytes),
            var kind => throw new FormatException($"unknown sync message kind {kind}"),
        };
        reader.End();
        return message;
    }

    private static SyncStatus ReadStatus(ref CanonicalReader reader)
    {
        var hasHeight = reader.ReadBool();
        var height = reader.ReadU64();
        return new SyncStatus(hasHeight ? height : null, reader.ReadU64(), reader.ReadBool());
    }

    private static BlockResponse ReadResponse(ref CanonicalReader reader, int maxEntryBytes)
    {
        var count = reader.ReadU32();
        if (count > MaxBlocksPerResponse)
        {
            throw new FormatException($"{count} blocks in one response");
        }
        var blocks = new List<Block>((int)count);
        for (var b = 0; b < count; b++)
        {
            var header = BlockHeader.Decode(reader.ReadBytes(64 + (BlockHeader.MaxGroups * 64)));
            var certificateBytes = reader.ReadBytes(1 << 20);
            var certificate = certificateBytes.Length == 0 ? null : CertificateCodec.Decode(certificateBytes);
            var entries = reader.ReadU32();
            if (entries > MaxEntriesPerBlock || entries != (uint)header.EntryCount)
            {
                throw new FormatException($"block {header.Height}: {entries} entries, header says {header.EntryCount}");
            }
            var list = new List<LedgerEntry>((int)entries);
            for (var i = 0; i < entries; i++)
            {
                list.Add(EntryCodec.Decode(reader.ReadBytes(maxEntryBytes)));
            }
            blocks.Add(new Block(header, list, certificate));
        }
        return new BlockResponse(blocks);
    }

    private static int EstimateSize(BlockResponse response)
    {
        long size = 64;
        foreach (var block in response.Blocks)
        {
            size += 1024 + (block.Header.GroupRoots.Count * 48);
            foreach (var entry in block.Entries)
            {
                size += 8 + entry.Encode().Length;
            }
        }
        return (int)Math.Min(size, int.MaxValue);
    }
}
