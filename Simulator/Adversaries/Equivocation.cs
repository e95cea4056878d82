using DumboFL.Consensus;
using DumboFL.Core.Hashing;

namespace DumboFL.Simulator;

/// <summary>
/// The conflicting version of a message that an equivocating node sends to some peers: another batch in
/// its VAL, flipped ABA votes, other digests in its ECHO/READY/CBC ECHO, another proof vector in its CBC SEND.
/// Returns null where the message has no sensible conflicting version.
/// </summary>
public sealed class Equivocation
{
    private readonly int _self;
    private readonly int _strongQuorum;
    private readonly DeterministicRandom _random;
    private readonly Dictionary<ulong, Batch> _alternativeBatches = [];

    public Equivocation(int self, int strongQuorum, DeterministicRandom random)
    {
        _self = self;
        _strongQuorum = strongQuorum;
        _random = random;
    }

    public ConsensusMessage? Conflicting(ConsensusMessage message) => message switch
    {
        PrbcValue v when v.Proposer == _self => v with { Batch = AlternativeBatch(v.Epoch, v.Batch) },
        PrbcEcho e => _random.NextBool() ? e with { Digest = OtherDigest(e.Epoch, e.Proposer) } : null,
        PrbcReady r => _random.NextBool() ? r with { Digest = OtherDigest(r.Epoch, r.Proposer) } : null,
        CbcEcho c => _random.NextBool() ? c with { Digest = _random.NextHash() } : null,
        CbcSend s => s with { Value = OtherVector(s.Value) },
        AbaBval b => b with { Value = !b.Value },
        AbaAux a => a with { Value = !a.Value },
        AbaConf c => c with { Values = Complement(c.Values) },
        AbaTerm t => t with { Value = !t.Value },
        _ => null,
    };

    /// <summary>Our own proposal's alternative: one extra item, the same for every peer it is shown to.</summary>
    private Batch AlternativeBatch(ulong epoch, Batch original)
    {
        if (!_alternativeBatches.TryGetValue(epoch, out var batch))
        {
            var extra = new byte[16];
            "EQVC"u8.CopyTo(extra);
            BitConverter.TryWriteBytes(extra.AsSpan(4), _self);
            BitConverter.TryWriteBytes(extra.AsSpan(8), epoch);
            batch = new Batch([.. original.Items, extra]);
            _alternativeBatches[epoch] = batch;
        }
        return batch;
    }

    private Hash32 OtherDigest(ulong epoch, int proposer) =>
        proposer == _self && _alternativeBatches.TryGetValue(epoch, out var batch) ? batch.Digest : _random.NextHash();

    private ProofVector OtherVector(ProofVector original)
    {
        var proofs = original.Proofs.ToList();
        if (proofs.Count > _strongQuorum)
        {
            proofs.RemoveAt(_random.Next(proofs.Count));
        }
        else if (proofs.Count > 0)
        {
            var i = _random.Next(proofs.Count);
            proofs[i] = proofs[i] with { Digest = _random.NextHash() };
        }
        return new ProofVector(proofs);
    }

    private BinSet Complement(BinSet values) => values.Single is { } single
        ? BinSet.Of(!single)
        : BinSet.Of(_random.NextBool());
}
