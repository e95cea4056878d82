using DumboFL.Core.Crypto;

namespace DumboFL.Consensus;

internal sealed partial class ValidatedAgreement
{
    public void OnSend(int sender, CbcSend message, Step step)
    {
        if (_received.ContainsKey(sender))
        {
            if (_received[sender].Digest != message.Value?.Digest)
            {
                step.Fault(sender, FaultKind.Equivocation, $"epoch {_epoch}: second, different CBC SEND");
            }
            return;
        }
        if (message.Value is null || !_isValid(message.Value))
        {
            step.Fault(sender, FaultKind.InvalidValue, $"epoch {_epoch}: CBC SEND fails external validity");
            return;
        }
        _received[sender] = message.Value;
        var digest = message.Value.Digest;
        var signature = _config.Key.Sign(Statements.CbcEcho(_config.Domain, _epoch, sender, digest));
        step.Send(sender, new CbcEcho(_epoch, sender, digest, signature));
        Progress(step);
    }

    public void OnEcho(int sender, CbcEcho message, Step step)
    {
        if (message.Origin != _config.Self || _mine is null || message.Digest != _mine.Digest)
        {
            step.Fault(sender, FaultKind.InvalidValue, $"epoch {_epoch}: CBC ECHO for a value this node did not send");
            return;
        }
        if (_finalSent || _echoesForMine.ContainsKey(sender))
        {
            return;
        }
        if (!_config.Committee.Verify(sender, Statements.CbcEcho(_config.Domain, _epoch, _config.Self, message.Digest), message.Signature))
        {
            step.Fault(sender, FaultKind.BadSignature, $"epoch {_epoch}: CBC ECHO");
            return;
        }
        _echoesForMine[sender] = message.Signature;
        if (_echoesForMine.Count >= _config.Quorum.Echo)
        {
            _finalSent = true;
            var certificate = new CbcCertificate(_config.Self, message.Digest, QuorumCertificate.FromVotes(_echoesForMine));
            step.Broadcast(new CbcFinal(_epoch, certificate));
        }
    }

    public void OnFinal(int sender, CbcFinal message, Step step)
    {
        if (message.Certificate?.Origin != sender)
        {
            step.Fault(sender, FaultKind.WrongSender, $"epoch {_epoch}: CBC FINAL for another origin");
            return;
        }
        if (AcceptCertificate(sender, message.Certificate, step))
        {
            Progress(step);
        }
    }

    public void OnGather(int sender, GatherSet message, Step step)
    {
        var from = message.Phase switch { 2 => _gatherFrom2, 3 => _gatherFrom3, _ => null };
        if (from is null || message.Certificates is null || message.Certificates.Count < _config.Quorum.Strong
            || message.Certificates.Count > _config.N)
        {
            step.Fault(sender, FaultKind.Malformed, $"epoch {_epoch}: gather set (phase {message.Phase})");
            return;
        }
        if (from.Contains(sender))
        {
            return;
        }
        // Every certificate must verify before the set counts: the core argument needs what we count to be held.
        if (message.Certificates.Any(c => !AcceptCertificate(sender, c, step)))
        {
            return;
        }
        from.Add(sender);
        Progress(step);
    }

    public void OnCoinShare(int sender, CoinShareMessage message, Step step)
    {
        if (message.Slot.Purpose == CoinPurpose.Permutation)
        {
            _permutationCoin.Add(sender, message.Share, step, _epoch);
            Progress(step);
            return;
        }
        if (AgreementFor(sender, message.Slot.Iteration, step) is { } aba)
        {
            aba.OnCoinShare(sender, message.Slot.Round, message, step);
            Progress(step);
        }
    }

    public void OnAgreement(int sender, ConsensusMessage message, Step step)
    {
        var iteration = message switch
        {
            AbaBval m => m.Iteration,
            AbaAux m => m.Iteration,
            AbaConf m => m.Iteration,
            AbaTerm m => m.Iteration,
            _ => -1,
        };
        if (AgreementFor(sender, iteration, step) is not { } aba)
        {
            return;
        }
        switch (message)
        {
            case AbaBval m: aba.OnBval(sender, m, step); break;
            case AbaAux m: aba.OnAux(sender, m, step); break;
            case AbaConf m: aba.OnConf(sender, m, step); break;
            case AbaTerm m: aba.OnTerm(sender, m, step); break;
        }
        Progress(step);
    }

    public void OnFetch(int sender, MvbaFetch message, Step step)
    {
        if (!_config.Committee.Contains(message.Candidate))
        {
            step.Fault(sender, FaultKind.Malformed, $"epoch {_epoch}: fetch for candidate {message.Candidate}");
            return;
        }
        var certificate = _certificates[message.Candidate];
        var value = _received.GetValueOrDefault(message.Candidate);
        if ((certificate is not null || value is not null) && _fetchAnswered.Add((sender, message.Candidate)))
        {
            step.Send(sender, new MvbaFetchReply(_epoch, message.Candidate, certificate, value));
        }
    }

    public void OnFetchReply(int sender, MvbaFetchReply message, Step step)
    {
        // One reply per node counts: a faulty node cannot make us validate an endless stream of values.
        if (Output is not null || !_fetchSent || message.Candidate != DecidedCandidate || !_fetchRepliesFrom.Add(sender))
        {
            return;
        }
        if (message.Certificate is not null)
        {
            if (message.Certificate.Origin != message.Candidate)
            {
                step.Fault(sender, FaultKind.Malformed, $"epoch {_epoch}: fetch reply certificate for another origin");
                return;
            }
            AcceptCertificate(sender, message.Certificate, step);
        }
        if (message.Value is { } value && !_fetched.ContainsKey(value.Digest)
            && (_certificates[message.Candidate] is null || _certificates[message.Candidate]!.Digest == value.Digest))
        {
            if (!_isValid(value))
            {
                step.Fault(sender, FaultKind.InvalidValue, $"epoch {_epoch}: fetched value fails external validity");
                return;
            }
            _fetched[value.Digest] = value;
        }
        TryOutput();
    }

    private BinaryAgreement? AgreementFor(int sender, int iteration, Step step)
    {
        if (iteration < 0 || iteration >= _config.N)
        {
            step.Fault(sender, FaultKind.Malformed, $"epoch {_epoch}: ABA iteration {iteration}");
            return null;
        }
        return Agreement(iteration);
    }
}
