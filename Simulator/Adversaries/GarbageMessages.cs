using DumboFL.Consensus;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Simulator;

/// <summary>
/// Random well-typed messages: every field drawn at random, with a bias towards values that are nearly
/// right (an epoch next to the current one, an index one past the end) since those reach deepest into
/// the handlers. Signatures, certificates and coin shares are random bytes, so none can verify.
/// </summary>
public sealed class GarbageMessages
{
    private const int Kinds = 17;
    private readonly int _self;
    private readonly int _n;
    private readonly DeterministicRandom _random;

    public GarbageMessages(int self, int n, DeterministicRandom random)
    {
        _self = self;
        _n = n;
        _random = random;
    }

    public ConsensusMessage Next(ulong currentEpoch)
    {
        var epoch = Epoch(currentEpoch);
        return _random.Next(Kinds) switch
        {
            0 => new PrbcValue(epoch, Index(), RandomBatch()),
            1 => new PrbcEcho(epoch, Index(), Digest()),
            2 => new PrbcReady(epoch, Index(), Digest()),
            3 => new PrbcValueRequest(epoch, Index(), Digest()),
            4 => new PrbcValueReply(epoch, Index(), RandomBatch()),
            5 => new PrbcDone(epoch, Index(), Digest(), Signature()),
            6 => new CbcSend(epoch, Vector()),
            7 => new CbcEcho(epoch, Index(), Digest(), Signature()),
            8 => new CbcFinal(epoch, CbcCert()),
            9 => new GatherSet(epoch, _random.Pick([2, 3, 0, 1, 4, int.MaxValue]), Enumerable.Range(0, _random.Next(4)).Select(_ => CbcCert()).ToArray()),
            10 => new MvbaFetch(epoch, Index()),
            11 => new MvbaFetchReply(epoch, Index(), _random.NextBool() ? CbcCert() : null, _random.NextBool() ? Vector() : null),
            12 => new AbaBval(epoch, Iteration(), Round(), _random.NextBool()),
            13 => new AbaAux(epoch, Iteration(), Round(), _random.NextBool()),
            14 => new AbaConf(epoch, Iteration(), Round(), new BinSet((byte)_random.Next(8))),
            15 => new AbaTerm(epoch, Iteration(), _random.NextBool()),
            _ => new CoinShareMessage(epoch, Slot(), Share()),
        };
    }

    /// <summary>Mostly the current epoch or a neighbour; sometimes far in the future (must be refused), never unbounded work.</summary>
    private ulong Epoch(ulong current) => _random.Next(20) switch
    {
        < 12 => current,
        < 15 => current == 0 ? 0 : current - 1,
        < 17 => current + 1,
        18 => current + 1000,
        _ => ulong.MaxValue - (ulong)_random.Next(3),
    };

    /// <summary>A valid index (often another node's: a message claiming someone else's role) or one out of range.</summary>
    private int Index() => _random.Next(10) switch
    {
        < 3 => _self,
        < 7 => _random.Next(_n),
        7 => _n,
        8 => -1,
        _ => _random.NextBool() ? int.MaxValue : int.MinValue,
    };

    private int Iteration() => _random.Next(8) switch
    {
        < 5 => _random.Next(3),
        5 => _random.Next(_n + 2),
        6 => -1,
        _ => int.MaxValue,
    };

    private int Round() => _random.Next(8) switch
    {
        < 5 => _random.Next(3),
        5 => -1,
        6 => 1_000_000,
        _ => int.MaxValue,
    };

    private CoinSlot Slot() => new(_random.Pick([CoinPurpose.Agreement, CoinPurpose.Permutation, (CoinPurpose)0, (CoinPurpose)7]),
        Iteration(), Round());

    private Hash32 Digest() => _random.NextHash();

    private byte[] Signature() => _random.NextBytes(_random.Next(10) == 0 ? _random.Next(100) : NodeKey.SignatureSize);

    private Batch RandomBatch()
    {
        var count = _random.Next(10) == 0 ? _random.Next(200) : _random.Next(6);
        return new Batch(Enumerable.Range(0, count).Select(_ => _random.NextBytes(_random.Next(64))).ToArray());
    }

    private QuorumCertificate Certificate()
    {
        var count = _random.Next(_n + 2);
        var signers = Enumerable.Range(0, count).Select(_ => _random.Next(10) == 0 ? _n + _random.Next(3) : _random.Next(_n)).ToArray();
        if (_random.NextBool())
        {
            // Half the time a structurally plausible certificate: distinct ascending signers, so only the signatures fail.
            signers = [.. signers.Distinct().Order()];
        }
        return new QuorumCertificate(signers, signers.Select(_ => Signature()).ToArray());
    }

    private ProofVector Vector() =>
        new(Enumerable.Range(0, _random.Next(_n + 2)).Select(_ => new PrbcProof(Index(), Digest(), Certificate())).ToArray());

    private CbcCertificate CbcCert() => new(Index(), Digest(), Certificate());

    private CoinShare Share()
    {
        var signer = _random.Next(4) == 0 ? Index() : _self;
        return new CoinShare(signer,
            _random.NextBytes(_random.Next(10) == 0 ? _random.Next(40) : CoinShare.PointSize),
            _random.NextBytes(_random.Next(10) == 0 ? _random.Next(40) : CoinShare.ScalarSize),
            _random.NextBytes(_random.Next(10) == 0 ? _random.Next(40) : CoinShare.ScalarSize));
    }
}
