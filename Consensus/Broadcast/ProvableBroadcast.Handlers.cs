using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

internal sealed partial class ProvableBroadcast
{
    public void OnValue(int sender, PrbcValue message, Step step)
    {
        if (sender != _proposer)
        {
            step.Fault(sender, FaultKind.WrongSender, $"epoch {_epoch}: VAL for proposer {_proposer}");
            return;
        }
        if (_valueReceived)
        {
            if (!_batches.ContainsKey(message.Batch.Digest))
            {
                step.Fault(sender, FaultKind.Equivocation, $"epoch {_epoch}: second, different VAL");
            }
            return;
        }
        if (!IsAcceptable(message.Batch, out var reason))
        {
            step.Fault(sender, FaultKind.Malformed, $"epoch {_epoch}: VAL refused: {reason}");
            return;
        }
        _valueReceived = true;
        var digest = message.Batch.Digest;
        _batches[digest] = message.Batch;
        if (!_echoSent)
        {
            _echoSent = true;
            step.Broadcast(new PrbcEcho(_epoch, _proposer, digest));
        }
        TryDeliver(step);
    }

    public void OnEcho(int sender, PrbcEcho message, Step step)
    {
        if (!RecordVote(_echoFrom, sender, message.Digest, "ECHO", step))
        {
            return;
        }
        if (!_readySent && Count(_echoFrom, message.Digest) >= _config.Quorum.Echo)
        {
            SendReady(message.Digest, step);
        }
        AskForValue(sender, message.Digest, step);
        TryDeliver(step);
    }

    public void OnReady(int sender, PrbcReady message, Step step)
    {
        if (!RecordVote(_readyFrom, sender, message.Digest, "READY", step))
        {
            return;
        }
        // Bracha: f+1 READY contain an honest one, so join it.
        if (!_readySent && Count(_readyFrom, message.Digest) >= _config.Quorum.Weak)
        {
            SendReady(message.Digest, step);
        }
        TryDeliver(step);
    }

    public void OnValueRequest(int sender, PrbcValueRequest message, Step step)
    {
        if (_batches.TryGetValue(message.Digest, out var batch) && _answeredRequest.Add(sender))
        {
            step.Send(sender, new PrbcValueReply(_epoch, _proposer, batch));
        }
    }

    public void OnValueReply(int sender, PrbcValueReply message, Step step)
    {
        // Only an answer to our own request for the digest we wait for is taken.
        if (!_askedForValue.Contains(sender) || _awaitedDigest is not { } awaited || Delivered is not null)
        {
            return;
        }
        if (message.Batch.Digest != awaited || !IsAcceptable(message.Batch, out _))
        {
            step.Fault(sender, FaultKind.InvalidValue, $"epoch {_epoch}: value reply does not match the READY digest");
            return;
        }
        _batches[awaited] = message.Batch;
        TryDeliver(step);
    }

    public void OnDone(int sender, PrbcDone message, Step step)
    {
        if (Proof is not null || !_doneFrom.Add(sender))
        {
            return;
        }
        var statement = Statements.PrbcDone(_config.Domain, _epoch, _proposer, message.Digest);
        if (!_config.Committee.Verify(sender, statement, message.Signature))
        {
            _doneFrom.Remove(sender);
            step.Fault(sender, FaultKind.BadSignature, $"epoch {_epoch}: DONE for proposer {_proposer}");
            return;
        }
        if (!_doneVotes.TryGetValue(message.Digest, out var votes))
        {
            _doneVotes[message.Digest] = votes = [];
        }
        votes[sender] = message.Signature;
        FormProof(message.Digest, votes);
    }

    private bool RecordVote(Dictionary<int, Hash32> votes, int sender, Hash32 digest, string kind, Step step)
    {
        if (votes.TryGetValue(sender, out var previous))
        {
            if (previous != digest)
            {
                step.Fault(sender, FaultKind.Equivocation, $"epoch {_epoch}: two {kind} for proposer {_proposer}");
            }
            return false;
        }
        votes[sender] = digest;
        return true;
    }

    private void SendReady(Hash32 digest, Step step)
    {
        _readySent = true;
        step.Broadcast(new PrbcReady(_epoch, _proposer, digest));
    }

    private bool IsAcceptable(Batch batch, out string reason)
    {
        if (batch.Items.Count > _config.ProposalSize)
        {
            reason = $"{batch.Items.Count} items, at most {_config.ProposalSize}";
            return false;
        }
        if (batch.Items.Any(i => i is null || i.Length > _config.MaxItemBytes))
        {
            reason = $"an item is missing or over {_config.MaxItemBytes} bytes";
            return false;
        }
        reason = "";
        return true;
    }
}
