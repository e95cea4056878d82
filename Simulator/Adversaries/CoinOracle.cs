using DumboFL.Consensus;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;

namespace DumboFL.Simulator;

/// <summary>
/// What the coin attacker can compute: holding the f Byzantine coin secrets, one honest share of a coin is
/// enough to combine f+1 shares and learn the coin before any honest node can.
/// </summary>
public sealed class CoinOracle
{
    private readonly SigningDomain _domain;
    private readonly ThresholdCoin _coin;
    private readonly IReadOnlyList<CoinSecretKey> _byzantineSecrets;

    public CoinOracle(SigningDomain domain, ThresholdCoin coin, IReadOnlyList<CoinSecretKey> byzantineSecrets)
    {
        _domain = domain;
        _coin = coin;
        _byzantineSecrets = byzantineSecrets;
    }

    /// <summary>Honest shares that did not verify under our coin id: non-zero means <see cref="CoinId"/> drifted from the protocol's.</summary>
    public int Mismatches { get; private set; }

    /// <summary>The coin id of a slot, exactly as the consensus code computes it.</summary>
    public byte[] CoinId(ulong epoch, CoinSlot slot) => Statements.CoinId(_domain, epoch, slot);

    /// <summary>The coin's bit, from one honest share plus the Byzantine shares; null if that is not enough.</summary>
    public bool? TryLearn(ulong epoch, CoinSlot slot, CoinShare honestShare)
    {
        var id = CoinId(epoch, slot);
        if (!_coin.VerifyShare(id, honestShare))
        {
            Mismatches++;
            return null;
        }
        var shares = _byzantineSecrets.Where(s => s.Index != honestShare.Signer)
            .Select(s => _coin.CreateShare(s, id))
            .Append(honestShare)
            .ToArray();
        if (shares.Length < _coin.Keys.Threshold)
        {
            return null;
        }
        return _coin.Combine(id, shares).ToBit();
    }
}
