using DumboFL.Core.Crypto;
using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;

namespace DumboFL.Shards;

/// <summary>A message of the cross-shard protocol (docs/CROSS_SHARD.md). Carried on the transport's cross-shard channel.</summary>
public abstract record CrossShardMessage;

/// <summary>
/// LD: an input shard's certified block header and the complete group of its legs towards <see cref="OutputShard"/>
/// (the group <c>CrossShardTx→OutputShard</c>, in block order). The receiver recomputes the group's Merkle root from the
/// legs and the top root from the header's group roots, which proves every leg and that none was left out.
/// </summary>
public sealed record LegProof(BlockHeader Header, QuorumCertificate Certificate, uint OutputShard, IReadOnlyList<CrossShardTx> Legs) : CrossShardMessage;

/// <summary>SIGN: one output-shard node's signature that it verified the LD of block (input shard, height).</summary>
public sealed record SignShare(uint InputShard, ulong Height, Hash32 LegsDigest, byte[] Signature) : CrossShardMessage;

/// <summary>CL_M: one input-shard node's signature that the tx's leg on its shard is invalid; carries the tx so the receiver can check.</summary>
public sealed record ClearShare(CrossShardTx Tx, byte[] Signature) : CrossShardMessage;

/// <summary>CL: n−f CL_M of <see cref="InvalidShard"/> over the tx's leg id, sent to every shard of the tx.</summary>
public sealed record ClearCertificate(CrossShardTx Tx, uint InvalidShard, QuorumCertificate Certificate) : CrossShardMessage;

/// <summary>The canonical wire form of <see cref="CrossShardMessage"/>s. Decoding refuses anything but an exact encoding.</summary>
public static class CrossShardCodec
{
    public const string DomainTag = "dumbofl/xs-message/v1";

    /// <summary>Largest entry (a leg) accepted inside a message: the decoding bound of entries plus room for the header fields.</summary>
    private const int MaxEntryBytes = EntryCodec.MaxPayloadBytes + 4096;

    private const int MaxHeaderBytes = 1 << 20;

    private enum Tag : byte
    {
        LegProof = 1,
        SignShare = 2,
        ClearShare = 3,
        ClearCertificate = 4,
    }

    public static byte[] Encode(CrossShardMessage message)
    {
        var writer = new CanonicalWriter(DomainTag);
        switch (message)
        {
            case LegProof proof:
                writer.WriteU8((byte)Tag.LegProof).WriteBytes(proof.Header.Encode());
                CertificateCodec.Check(proof.Certificate);
                proof.Certificate.WriteTo(writer);
                writer.WriteU32(proof.OutputShard).WriteU32((uint)proof.Legs.Count);
                foreach (var leg in proof.Legs)
                {
                    writer.WriteBytes(leg.Encode());
                }
                break;
            case SignShare sign:
                writer.WriteU8((byte)Tag.SignShare).WriteU32(sign.InputShard).WriteU64(sign.Height).WriteHash(sign.LegsDigest).WriteBytes(sign.Signature);
                break;
            case ClearShare share:
                writer.WriteU8((byte)Tag.ClearShare).WriteBytes(share.Tx.Encode()).WriteBytes(share.Signature);
                break;
            case ClearCertificate clear:
                writer.WriteU8((byte)Tag.ClearCertificate).WriteBytes(clear.Tx.Encode()).WriteU32(clear.InvalidShard);
                CertificateCodec.Check(clear.Certificate);
                clear.Certificate.WriteTo(writer);
                break;
            default:
                throw new ArgumentException($"unknown cross-shard message {message.GetType().Name}", nameof(message));
        }
        return writer.ToArray();
    }

    /// <exception cref="FormatException">Not the exact encoding of a message.</exception>
    public static CrossShardMessage Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, DomainTag);
        CrossShardMessage message = (Tag)reader.ReadU8() switch
        {
            Tag.LegProof => ReadLegProof(ref reader),
            Tag.SignShare => new SignShare(reader.ReadU32(), reader.ReadU64(), reader.ReadHash(), ReadSignature(ref reader)),
            Tag.ClearShare => new ClearShare(ReadTx(ref reader), ReadSignature(ref reader)),
            Tag.ClearCertificate => new ClearCertificate(ReadTx(ref reader), reader.ReadU32(), CertificateCodec.Read(ref reader)),
            var tag => throw new FormatException($"unknown cross-shard message tag {(byte)tag}"),
        };
        reader.End();
        return message;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out CrossShardMessage? message, out string error) =>
        CanonicalDecoding.TryDecode(Decode, bytes, out message, out error);

    private static LegProof ReadLegProof(ref CanonicalReader reader)
    {
        var header = BlockHeader.Decode(reader.ReadBytes(MaxHeaderBytes));
        var certificate = CertificateCodec.Read(ref reader);
        var output = reader.ReadU32();
        var count = reader.ReadU32();
        // Each leg takes more than four bytes: a count beyond what is left is malformed, found before allocating.
        if (count == 0 || count > (uint)reader.Remaining / 4)
        {
            throw new FormatException($"a leg proof with {count} legs");
        }
        var legs = new CrossShardTx[count];
        for (var i = 0; i < legs.Length; i++)
        {
            legs[i] = ReadTx(ref reader);
        }
        return new LegProof(header, certificate, output, legs);
    }

    private static CrossShardTx ReadTx(ref CanonicalReader reader) =>
        EntryCodec.Decode(reader.ReadBytes(MaxEntryBytes)) as CrossShardTx ?? throw new FormatException("a cross-shard message names an entry that is not a cross-shard tx");

    private static byte[] ReadSignature(ref CanonicalReader reader)
    {
        var signature = reader.ReadBytes(NodeKey.SignatureSize);
        return signature.Length == NodeKey.SignatureSize ? signature : throw new FormatException($"a signature of {signature.Length} bytes");
    }
}
