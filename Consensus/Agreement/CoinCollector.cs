using DumboFL.Core.Coin;

namespace DumboFL.Consensus;

/// <summary>
/// Collects the shares of one coin until f+1 verified shares combine into its value. Shares are verified
/// as they arrive (one bad share never spoils the coin) and only until the value is known.
/// </summary>
internal sealed class CoinCollector
{
    private readonly ConsensusConfig _config;
    private readonly byte[] _coinId;
    private readonly Dictionary<int, CoinShare> _valid = [];
    private readonly HashSet<int> _seen = [];

    public CoinCollector(ConsensusConfig config, byte[] coinId)
    {
        _config = config;
        _coinId = coinId;
    }

    public CoinValue? Value { get; private set; }

    public bool ShareReleased { get; private set; }

    /// <summary>
    /// Our own share, to broadcast. Released once: the coin's unpredictability depends on when it is. It counts
    /// at once, unverified: we made it, so the copy our own broadcast delivers back is ignored.
    /// </summary>
    public CoinShare Release()
    {
        ShareReleased = true;
        var share = _config.Coin.CreateShare(_config.CoinSecret, _coinId);
        if (_seen.Add(_config.Self) && Value is null)
        {
            Accept(share);
        }
        return share;
    }

    public void Add(int sender, CoinShare share, Step step, ulong epoch)
    {
        if (share.Signer != sender)
        {
            step.Fault(sender, FaultKind.WrongSender, $"epoch {epoch}: coin share signed as {share.Signer}");
            return;
        }
        if (!_seen.Add(sender) || Value is not null)
        {
            return;
        }
        if (!_config.Coin.VerifyShare(_coinId, share))
        {
            step.Fault(sender, FaultKind.BadCoinShare, $"epoch {epoch}: coin share does not verify");
            return;
        }
        Accept(share);
    }

    private void Accept(CoinShare share)
    {
        _valid[share.Signer] = share;
        if (_valid.Count >= _config.Quorum.Weak)
        {
            Value = _config.Coin.Combine(_coinId, _valid.Values.OrderBy(s => s.Signer).ToArray());
        }
    }
}
