using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests.Wire;

/// <summary>
/// Random messages that the wire accepts under <see cref="WireSamples.Limits"/>: every field drawn at
/// random within its rules (indexes below n, fixed-size fields of their size, counts within limits).
/// Signatures and shares are random bytes: the codec checks shape, not validity.
/// </summary>
internal sealed class RandomWireMessages
{
    private readonly Random _random;
    private readonly int _n;
    private readonly int _maxItems;

    public RandomWireMessages(int seed, int n, int maxItems)
    {
        _random = new Random(seed);
        _n = n;
        _maxItems = maxItems;
    }

    public ConsensusMessage Next()
    {
        var epoch = (ulong)_random.NextInt64() ^ ((ulong)_random.Next(2) << 63);
        return _random.Next(18) switch
        {
            0 => new PrbcValue(epoch, Index(), Batch()),
            1 => new PrbcEcho(epoch, Index(), Hash()),
            2 => new PrbcReady(epoch, Index(), Hash()),
            3 => new PrbcValueRequest(epoch, Index(), Hash()),
            4 => new PrbcValueReply(epoch, Index(), Batch()),
            5 => new PrbcDone(epoch, Index(), Hash(), Bytes(NodeKey.SignatureSize)),
            6 => new CbcSend(epoch, Vector()),
            7 => new CbcEcho(epoch, Index(), Hash(), Bytes(NodeKey.SignatureSize)),
            8 => new CbcFinal(epoch, Cbc()),
            9 => new GatherSet(epoch, 2 + _random.Next(2), Enumerable.Range(0, _random.Next(_n + 1)).Select(_ => Cbc()).ToArray()),
            10 => new MvbaFetch(epoch, Index()),
            11 => new MvbaFetchReply(epoch, Index(), _random.Next(2) == 0 ? Cbc() : null, _random.Next(2) == 0 ? Vector() : null),
            12 => new CoinShareMessage(epoch, Slot(), new CoinShare(Index(), Bytes(CoinShare.PointSize), Bytes(CoinShare.ScalarSize), Bytes(CoinShare.ScalarSize))),
            13 => new AbaBval(epoch, Index(), Round(), _random.Next(2) == 0),
            14 => new AbaAux(epoch, Index(), Round(), _random.Next(2) == 0),
            15 => new AbaConf(epoch, Index(), Round(), new BinSet((byte)_random.Next(4))),
            16 => new AbaTerm(epoch, Index(), _random.Next(2) == 0),
            _ => new BlockSignature(epoch, (ulong)_random.NextInt64(), Hash(), Bytes(NodeKey.SignatureSize)),
        };
    }

    private int Index() => _random.Next(_n);

    private int Round() => _random.Next(3) == 0 ? _random.Next() : _random.Next(4);

    private CoinSlot Slot() => _random.Next(4) == 0
        ? new CoinSlot(CoinPurpose.Permutation, 0, 0)
        : new CoinSlot(CoinPurpose.Agreement, Index(), Round());

    private Hash32 Hash() => new(Bytes(Hash32.Size));

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private Batch Batch() => new(Enumerable.Range(0, _random.Next(_maxItems + 1)).Select(_ => Bytes(_random.Next(40))).ToArray());

    private QuorumCertificate Certificate()
    {
        var signers = Enumerable.Range(0, _n).Where(_ => _random.Next(2) == 0).ToArray();
        return new QuorumCertificate(signers, signers.Select(_ => Bytes(NodeKey.SignatureSize)).ToArray());
    }

    private CbcCertificate Cbc() => new(Index(), Hash(), Certificate());

    private ProofVector Vector() =>
        new(Enumerable.Range(0, _random.Next(_n + 1)).Select(_ => new PrbcProof(Index(), Hash(), Certificate())).ToArray());
}
