namespace DumboFL.Consensus;

internal sealed partial class Epoch
{
    /// <summary>Routes a message of this epoch to its sub-protocol instance, after range guards.</summary>
    public void Handle(int sender, ConsensusMessage message, Step step)
    {
        switch (message)
        {
            case PrbcValue m when Broadcast(sender, m.Proposer, step) is { } b: b.OnValue(sender, m, step); break;
            case PrbcEcho m when Broadcast(sender, m.Proposer, step) is { } b: b.OnEcho(sender, m, step); break;
            case PrbcReady m when Broadcast(sender, m.Proposer, step) is { } b: b.OnReady(sender, m, step); break;
            case PrbcDone m when Broadcast(sender, m.Proposer, step) is { } b: b.OnDone(sender, m, step); break;
            case PrbcValueRequest m when Broadcast(sender, m.Proposer, step) is { } b: b.OnValueRequest(sender, m, step); break;
            case PrbcValueReply m when Broadcast(sender, m.Proposer, step) is { } b: b.OnValueReply(sender, m, step); break;
            case CbcSend m: _agreement.OnSend(sender, m, step); break;
            case CbcEcho m: _agreement.OnEcho(sender, m, step); break;
            case CbcFinal m: _agreement.OnFinal(sender, m, step); break;
            case GatherSet m: _agreement.OnGather(sender, m, step); break;
            case CoinShareMessage m: _agreement.OnCoinShare(sender, m, step); break;
            case AbaBval or AbaAux or AbaConf or AbaTerm: _agreement.OnAgreement(sender, message, step); break;
            case MvbaFetch m: _agreement.OnFetch(sender, m, step); break;
            case MvbaFetchReply m: _agreement.OnFetchReply(sender, m, step); break;
            default: return;
        }
        Progress(step);
    }

    /// <summary>After the epoch is decided, only requests from slower nodes are still answered.</summary>
    public void HandleLate(int sender, ConsensusMessage message, Step step)
    {
        switch (message)
        {
            case PrbcValueRequest m when Broadcast(sender, m.Proposer, step) is { } b: b.OnValueRequest(sender, m, step); break;
            case MvbaFetch m: _agreement.OnFetch(sender, m, step); break;
        }
    }

    private ProvableBroadcast? Broadcast(int sender, int proposer, Step step)
    {
        if (!_config.Committee.Contains(proposer))
        {
            step.Fault(sender, FaultKind.Malformed, $"epoch {Number}: proposer {proposer}");
            return null;
        }
        return _broadcasts[proposer];
    }
}
