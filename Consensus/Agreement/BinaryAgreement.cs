namespace DumboFL.Consensus;

/// <summary>
/// Asynchronous binary Byzantine agreement of Mostéfaoui, Moumen and Raynal (PODC 2014) with the CONF
/// phase, which fixes each node's candidate values before any honest coin share is released, so an
/// adaptive scheduler that learns the coin early can no longer steer the vote (the attack reported against
/// the original HoneyBadgerBFT coin). A node that decides broadcasts TERM and stops; a TERM stands in for
/// its sender's BVAL, AUX and CONF in every later round, and f+1 TERM for one value decide it directly.
/// <para>
/// Round 0 uses a fixed coin, 1, and no threshold coin. In Dumbo-2's MVBA nearly every instance has
/// unanimous input 1 (the candidate's PRBC proof reached everybody), so it decides in round 0 without the
/// two elliptic-curve operations per node a coin costs. Safety never rests on the coin being unpredictable,
/// only on every honest node seeing the same value, which a constant gives. Termination: a scheduler that
/// knows the round-0 coin can keep round 0 from deciding, but every later round uses the threshold coin,
/// which it cannot predict before n−f CONF sets are fixed, so each of them still decides with probability
/// at least 1/2 and the expected number of rounds grows by at most one.
/// </para>
/// </summary>
internal sealed partial class BinaryAgreement
{
    /// <summary>Rounds further ahead than this are refused; honest nodes are never that far apart.</summary>
    public const int RoundWindow = 64;

    private readonly ConsensusConfig _config;
    private readonly ulong _epoch;
    private readonly int _iteration;
    private readonly Dictionary<int, AbaRound> _rounds = [];
    private readonly Dictionary<int, bool> _termFrom = [];
    private bool _started;
    private bool _estimate;

    public BinaryAgreement(ConsensusConfig config, ulong epoch, int iteration)
    {
        _config = config;
        _epoch = epoch;
        _iteration = iteration;
    }

    public int Round { get; private set; }

    public bool? Decision { get; private set; }

    public void Input(bool value, Step step)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        _estimate = value;
        SendBval(GetRound(0), value, step);
        Progress(step);
    }

    private AbaRound GetRound(int round)
    {
        if (!_rounds.TryGetValue(round, out var state))
        {
            var coinId = Statements.CoinId(_config.Domain, _epoch, new CoinSlot(CoinPurpose.Agreement, _iteration, round));
            _rounds[round] = state = new AbaRound(new CoinCollector(_config, coinId));
        }
        return state;
    }

    private int TermCount(bool value) => _termFrom.Values.Count(v => v == value);

    private int BvalCount(AbaRound state, bool value) =>
        state.BvalFrom[AbaRound.Index(value)].Count + _termFrom.Count(t => t.Value == value && !state.BvalFrom[AbaRound.Index(value)].Contains(t.Key));

    /// <summary>Applies every rule whose condition now holds, round after round, until one waits for messages.</summary>
    private void Progress(Step step)
    {
        while (_started && Decision is null)
        {
            var state = GetRound(Round);
            foreach (var value in new[] { false, true })
            {
                var count = BvalCount(state, value);
                // Amplify: f+1 BVAL(b) include an honest one.
                if (count >= _config.Quorum.Weak && !state.BvalSent[AbaRound.Index(value)])
                {
                    SendBval(state, value, step);
                }
                if (count >= _config.Quorum.TwoFPlusOne && !state.BinValues.Contains(value))
                {
                    state.BinValues = state.BinValues.With(value);
                    if (!state.AuxSent)
                    {
                        state.AuxSent = true;
                        step.Broadcast(new AbaAux(_epoch, _iteration, Round, value));
                    }
                }
            }
            if (state.AuxSent && !state.ConfSent && CountAuxInside(state) >= _config.Quorum.Strong)
            {
                state.ConfSent = true;
                step.Broadcast(new AbaConf(_epoch, _iteration, Round, state.BinValues));
            }
            if (state.ConfSent && state.Vals is null && TryCollectConf(state, out var vals))
            {
                state.Vals = vals;
                if (!HasFixedCoin(Round))
                {
                    step.Broadcast(new CoinShareMessage(_epoch, new CoinSlot(CoinPurpose.Agreement, _iteration, Round), state.Coin.Release()));
                }
            }
            if (state.Vals is not { } fixedVals || CoinBit(state) is not { } coinBit)
            {
                return;
            }
            if (fixedVals.Single is { } single)
            {
                _estimate = single;
                if (single == coinBit)
                {
                    Decide(single, step);
                    return;
                }
            }
            else
            {
                _estimate = coinBit;
            }
            Round++;
            _rounds.Remove(Round - 2);
            SendBval(GetRound(Round), _estimate, step);
        }
    }

    /// <summary>Round 0's coin is the constant 1 (see the class comment); later rounds use the threshold coin.</summary>
    internal static bool HasFixedCoin(int round) => CoinSlot.FixedAgreementCoin(round) is not null;

    private bool? CoinBit(AbaRound state) => CoinSlot.FixedAgreementCoin(Round) ?? state.Coin.Value?.ToBit();

    private int CountAuxInside(AbaRound state) =>
        state.AuxFrom.Count(a => state.BinValues.Contains(a.Value))
        + _termFrom.Count(t => !state.AuxFrom.ContainsKey(t.Key) && state.BinValues.Contains(t.Value));

    private bool TryCollectConf(AbaRound state, out BinSet vals)
    {
        vals = BinSet.None;
        var count = 0;
        foreach (var (_, set) in state.ConfFrom)
        {
            if (set.IsSubsetOf(state.BinValues))
            {
                vals = vals.Union(set);
                count++;
            }
        }
        foreach (var (node, value) in _termFrom)
        {
            if (!state.ConfFrom.ContainsKey(node) && state.BinValues.Contains(value))
            {
                vals = vals.With(value);
                count++;
            }
        }
        return count >= _config.Quorum.Strong;
    }

    private void SendBval(AbaRound state, bool value, Step step)
    {
        state.BvalSent[AbaRound.Index(value)] = true;
        step.Broadcast(new AbaBval(_epoch, _iteration, Round, value));
    }

    private void Decide(bool value, Step step)
    {
        Decision = value;
        _rounds.Clear();
        step.Broadcast(new AbaTerm(_epoch, _iteration, value));
    }
}
