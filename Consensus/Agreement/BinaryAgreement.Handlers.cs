namespace DumboFL.Consensus;

internal sealed partial class BinaryAgreement
{
    public void OnBval(int sender, AbaBval message, Step step)
    {
        if (AcceptRound(sender, message.Round, step) is not { } state)
        {
            return;
        }
        state.BvalFrom[AbaRound.Index(message.Value)].Add(sender);
        Progress(step);
    }

    public void OnAux(int sender, AbaAux message, Step step)
    {
        if (AcceptRound(sender, message.Round, step) is not { } state)
        {
            return;
        }
        if (state.AuxFrom.TryGetValue(sender, out var previous))
        {
            if (previous != message.Value)
            {
                step.Fault(sender, FaultKind.Equivocation, $"epoch {_epoch} ABA {_iteration} round {message.Round}: two AUX");
            }
            return;
        }
        state.AuxFrom[sender] = message.Value;
        Progress(step);
    }

    public void OnConf(int sender, AbaConf message, Step step)
    {
        if (AcceptRound(sender, message.Round, step) is not { } state)
        {
            return;
        }
        if (message.Values.IsEmpty || !message.Values.IsValid)
        {
            step.Fault(sender, FaultKind.Malformed, $"epoch {_epoch} ABA {_iteration}: CONF {message.Values}");
            return;
        }
        if (state.ConfFrom.TryGetValue(sender, out var previous))
        {
            if (previous != message.Values)
            {
                step.Fault(sender, FaultKind.Equivocation, $"epoch {_epoch} ABA {_iteration} round {message.Round}: two CONF");
            }
            return;
        }
        state.ConfFrom[sender] = message.Values;
        Progress(step);
    }

    public void OnTerm(int sender, AbaTerm message, Step step)
    {
        if (_termFrom.TryGetValue(sender, out var previous))
        {
            if (previous != message.Value)
            {
                step.Fault(sender, FaultKind.Equivocation, $"epoch {_epoch} ABA {_iteration}: two TERM");
            }
            return;
        }
        _termFrom[sender] = message.Value;
        if (Decision is not null)
        {
            return;
        }
        // f+1 TERM(b) include an honest node that decided b.
        if (TermCount(message.Value) >= _config.Quorum.Weak)
        {
            Decide(message.Value, step);
            return;
        }
        Progress(step);
    }

    public void OnCoinShare(int sender, int round, CoinShareMessage message, Step step)
    {
        if (HasFixedCoin(round))
        {
            step.Fault(sender, FaultKind.BadCoinShare, $"epoch {_epoch} ABA {_iteration}: coin share for round {round}, whose coin is fixed");
            return;
        }
        if (AcceptRound(sender, round, step) is not { } state)
        {
            return;
        }
        state.Coin.Add(sender, message.Share, step, _epoch);
        Progress(step);
    }

    /// <summary>Guards shared by every round message: decided, old round, round too far ahead.</summary>
    private AbaRound? AcceptRound(int sender, int round, Step step)
    {
        if (Decision is not null || round < Round)
        {
            return null;
        }
        if (round > Round + RoundWindow)
        {
            step.Fault(sender, FaultKind.TooFarAhead, $"epoch {_epoch} ABA {_iteration}: round {round} while in {Round}");
            return null;
        }
        return GetRound(round);
    }
}
