namespace DumboFL.Consensus.Wire;

public static partial class ConsensusCodec
{
    /// <summary>
    /// The message <paramref name="bytes"/> encode, or a <see cref="FormatException"/> — and only that — if they
    /// are truncated, followed by trailing bytes, of an unknown kind, or break a rule of <paramref name="limits"/>
    /// (a node index outside 0..n−1, a count or length over its limit, a fixed-size field of another size).
    /// Signatures, coin shares and certificates are checked for shape only; verifying them is the caller's.
    /// </summary>
    public static ConsensusMessage Decode(ReadOnlySpan<byte> bytes, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var r = new WireReader(bytes, limits);
        var kind = (WireKind)r.ReadU8();
        if (!Enum.IsDefined(kind))
        {
            throw new FormatException($"message kind {(byte)kind} is unknown");
        }
        var epoch = r.ReadU64();
        ConsensusMessage message = kind switch
        {
            WireKind.PrbcValue => new PrbcValue(epoch, r.ReadIndex("proposer"), r.ReadBatch()),
            WireKind.PrbcEcho => new PrbcEcho(epoch, r.ReadIndex("proposer"), r.ReadHash()),
            WireKind.PrbcReady => new PrbcReady(epoch, r.ReadIndex("proposer"), r.ReadHash()),
            WireKind.PrbcValueRequest => new PrbcValueRequest(epoch, r.ReadIndex("proposer"), r.ReadHash()),
            WireKind.PrbcValueReply => new PrbcValueReply(epoch, r.ReadIndex("proposer"), r.ReadBatch()),
            WireKind.PrbcDone => new PrbcDone(epoch, r.ReadIndex("proposer"), r.ReadHash(), r.ReadSignature()),
            WireKind.CbcSend => new CbcSend(epoch, r.ReadProofVector()),
            WireKind.CbcEcho => new CbcEcho(epoch, r.ReadIndex("CBC origin"), r.ReadHash(), r.ReadSignature()),
            WireKind.CbcFinal => new CbcFinal(epoch, r.ReadCbcCertificate()),
            WireKind.GatherSet => new GatherSet(epoch, ReadGatherPhase(ref r), r.ReadCbcCertificates()),
            WireKind.MvbaFetch => new MvbaFetch(epoch, r.ReadIndex("fetch candidate")),
            WireKind.MvbaFetchReply => new MvbaFetchReply(epoch, r.ReadIndex("fetch candidate"),
                r.ReadBool("certificate presence") ? r.ReadCbcCertificate() : null,
                r.ReadBool("value presence") ? r.ReadProofVector() : null),
            WireKind.CoinShare => new CoinShareMessage(epoch, r.ReadCoinSlot(), r.ReadCoinShare()),
            WireKind.AbaBval => new AbaBval(epoch, r.ReadIteration(), r.ReadRound(), r.ReadBool("BVAL value")),
            WireKind.AbaAux => new AbaAux(epoch, r.ReadIteration(), r.ReadRound(), r.ReadBool("AUX value")),
            WireKind.AbaConf => new AbaConf(epoch, r.ReadIteration(), r.ReadRound(), r.ReadBinSet()),
            WireKind.AbaTerm => new AbaTerm(epoch, r.ReadIteration(), r.ReadBool("TERM value")),
            WireKind.BlockSignature => new BlockSignature(epoch, r.ReadU64(), r.ReadHash(), r.ReadSignature()),
            _ => throw new FormatException($"message kind {(byte)kind} is unknown"),
        };
        r.End();
        return message;
    }

    // Gather runs two exchange rounds, numbered 2 and 3 after the CBC that precedes them.
    private static int ReadGatherPhase(ref WireReader r)
    {
        var phase = r.ReadI32();
        return phase is 2 or 3 ? phase : throw new FormatException($"gather phase {phase} is not 2 or 3");
    }
}
