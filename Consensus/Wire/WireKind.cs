namespace DumboFL.Consensus.Wire;

/// <summary>
/// The first byte of every encoded message. Values are part of the wire format: never renumber one, only
/// add. Gaps group the sub-protocols (PRBC 1–6, MVBA 10–16, ABA 20–23, blocks 30).
/// </summary>
internal enum WireKind : byte
{
    PrbcValue = 1,
    PrbcEcho = 2,
    PrbcReady = 3,
    PrbcValueRequest = 4,
    PrbcValueReply = 5,
    PrbcDone = 6,
    CbcSend = 10,
    CbcEcho = 11,
    CbcFinal = 12,
    GatherSet = 13,
    MvbaFetch = 14,
    MvbaFetchReply = 15,
    CoinShare = 16,
    AbaBval = 20,
    AbaAux = 21,
    AbaConf = 22,
    AbaTerm = 23,
    BlockSignature = 30,
}
