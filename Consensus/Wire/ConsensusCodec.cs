namespace DumboFL.Consensus.Wire;

/// <summary>
/// The consensus messages' wire form (docs/NODE.md, "Consensus wire codec"): a one-byte <see cref="WireKind"/>,
/// the epoch (u64), then the message's fields in declaration order; integers little-endian, byte fields
/// u32-length-prefixed, nested certificates in their canonical form. A message is encoded once and the same
/// bytes go to every peer.
/// </summary>
/// <remarks>
/// Encoding writes whatever a message holds (an out-of-range index, a short signature) so that a test
/// adversary can put it on the wire; decoding is where the shard's rules are enforced. The only messages
/// that cannot be encoded are those the layout cannot express: a certificate whose signers are not distinct,
/// ascending and non-negative, or a missing (null) part.
/// </remarks>
public static partial class ConsensusCodec
{
    /// <summary>Exactly sized: the layout is measured first, then written into one array of that size.</summary>
    /// <exception cref="ArgumentException">The message has a part the layout cannot express.</exception>
    public static byte[] Encode(ConsensusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var measure = WireWriter.Measuring();
        Write(ref measure, message);
        var bytes = new byte[measure.Position];
        var writer = new WireWriter(bytes);
        Write(ref writer, message);
        if (writer.Position != bytes.Length)
        {
            // Only a message mutated between the two passes gets here.
            throw new InvalidOperationException($"the message changed while it was encoded ({writer.Position} of {bytes.Length} bytes)");
        }
        return bytes;
    }

    private static void Write(ref WireWriter w, ConsensusMessage message)
    {
        switch (message)
        {
            case PrbcValue m: Head(ref w, WireKind.PrbcValue, m); w.WriteI32(m.Proposer); w.WriteBatch(m.Batch); break;
            case PrbcEcho m: Head(ref w, WireKind.PrbcEcho, m); w.WriteI32(m.Proposer); w.WriteHash(m.Digest); break;
            case PrbcReady m: Head(ref w, WireKind.PrbcReady, m); w.WriteI32(m.Proposer); w.WriteHash(m.Digest); break;
            case PrbcValueRequest m: Head(ref w, WireKind.PrbcValueRequest, m); w.WriteI32(m.Proposer); w.WriteHash(m.Digest); break;
            case PrbcValueReply m: Head(ref w, WireKind.PrbcValueReply, m); w.WriteI32(m.Proposer); w.WriteBatch(m.Batch); break;
            case PrbcDone m:
                Head(ref w, WireKind.PrbcDone, m);
                w.WriteI32(m.Proposer);
                w.WriteHash(m.Digest);
                w.WriteBytes(m.Signature);
                break;
            case CbcSend m: Head(ref w, WireKind.CbcSend, m); w.WriteProofVector(m.Value); break;
            case CbcEcho m:
                Head(ref w, WireKind.CbcEcho, m);
                w.WriteI32(m.Origin);
                w.WriteHash(m.Digest);
                w.WriteBytes(m.Signature);
                break;
            case CbcFinal m: Head(ref w, WireKind.CbcFinal, m); w.WriteCbcCertificate(m.Certificate); break;
            case GatherSet m: Head(ref w, WireKind.GatherSet, m); WriteGatherSet(ref w, m); break;
            case MvbaFetch m: Head(ref w, WireKind.MvbaFetch, m); w.WriteI32(m.Candidate); break;
            case MvbaFetchReply m: Head(ref w, WireKind.MvbaFetchReply, m); WriteFetchReply(ref w, m); break;
            case CoinShareMessage m: Head(ref w, WireKind.CoinShare, m); w.WriteCoinSlot(m.Slot); w.WriteCoinShare(m.Share); break;
            case AbaBval m: Head(ref w, WireKind.AbaBval, m); w.WriteI32(m.Iteration); w.WriteI32(m.Round); w.WriteBool(m.Value); break;
            case AbaAux m: Head(ref w, WireKind.AbaAux, m); w.WriteI32(m.Iteration); w.WriteI32(m.Round); w.WriteBool(m.Value); break;
            case AbaConf m: Head(ref w, WireKind.AbaConf, m); w.WriteI32(m.Iteration); w.WriteI32(m.Round); w.WriteU8(m.Values.Bits); break;
            case AbaTerm m: Head(ref w, WireKind.AbaTerm, m); w.WriteI32(m.Iteration); w.WriteBool(m.Value); break;
            case BlockSignature m:
                Head(ref w, WireKind.BlockSignature, m);
                w.WriteU64(m.Height);
                w.WriteHash(m.HeaderHash);
                w.WriteBytes(m.Signature);
                break;
            default:
                throw new ArgumentException($"{message.GetType().Name} has no wire form", nameof(message));
        }
    }

    private static void Head(ref WireWriter w, WireKind kind, ConsensusMessage message)
    {
        w.WriteU8((byte)kind);
        w.WriteU64(message.Epoch);
    }

    private static void WriteGatherSet(ref WireWriter w, GatherSet message)
    {
        var certificates = message.Certificates ?? throw new ArgumentException("a gather set without certificates", nameof(message));
        w.WriteI32(message.Phase);
        w.WriteU32((uint)certificates.Count);
        foreach (var certificate in certificates)
        {
            w.WriteCbcCertificate(certificate);
        }
    }

    // Each optional part: a presence byte, then the part.
    private static void WriteFetchReply(ref WireWriter w, MvbaFetchReply message)
    {
        w.WriteI32(message.Candidate);
        w.WriteBool(message.Certificate is not null);
        if (message.Certificate is not null)
        {
            w.WriteCbcCertificate(message.Certificate);
        }
        w.WriteBool(message.Value is not null);
        if (message.Value is not null)
        {
            w.WriteProofVector(message.Value);
        }
    }
}
