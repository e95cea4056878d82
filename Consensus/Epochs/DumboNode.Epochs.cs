namespace DumboFL.Consensus;

public sealed partial class DumboNode
{
    private void Route(int sender, ConsensusMessage message, Step step)
    {
        // Block signatures follow commits, which can be epochs behind; they are routed before the epoch guards.
        if (message is BlockSignature signature)
        {
            _certifier.OnSignature(sender, signature, step);
            return;
        }
        if (message.Epoch < CurrentEpoch)
        {
            foreach (var old in _retained)
            {
                if (old.Number == message.Epoch)
                {
                    old.HandleLate(sender, message, step);
                }
            }
            return;
        }
        if (message.Epoch == CurrentEpoch && _current is not null)
        {
            _current.Handle(sender, message, step);
            CompleteEpochs(step);
            return;
        }
        if (message.Epoch > CurrentEpoch + (ulong)Config.EpochWindow)
        {
            step.Fault(sender, FaultKind.TooFarAhead, $"epoch {message.Epoch} while at {CurrentEpoch}");
            return;
        }
        Buffer(sender, message, step);
        MaybeStartEpoch(step);
    }

    private void Buffer(int sender, ConsensusMessage message, Step step)
    {
        if (!_futureCounts.TryGetValue(message.Epoch, out var counts))
        {
            _futureCounts[message.Epoch] = counts = [];
            _future[message.Epoch] = [];
        }
        var count = counts.GetValueOrDefault(sender);
        if (count >= _bufferCapPerSender)
        {
            if (count == _bufferCapPerSender)
            {
                step.Fault(sender, FaultKind.Flooding, $"over {_bufferCapPerSender} messages buffered for epoch {message.Epoch}");
            }
            counts[sender] = count + 1;
            return;
        }
        counts[sender] = count + 1;
        _future[message.Epoch].Add((sender, message));
        if (message is PrbcValue { Batch.Items.Count: > 0 } value && value.Proposer == sender)
        {
            _futureWithWork.Add(message.Epoch);
        }
    }

    /// <summary>
    /// An idle node joins the next epoch when it has something to propose, when the epoch is still within
    /// the eager prefix, when some node proposed a non-empty batch for it, or when f+1 nodes (so at least one
    /// honest) already run it. A faulty node alone therefore cannot make the shard run empty epochs.
    /// </summary>
    private void MaybeStartEpoch(Step step)
    {
        while (_current is null)
        {
            var joinedByOthers = _futureCounts.TryGetValue(CurrentEpoch, out var counts) && counts.Count >= Config.Quorum.Weak;
            // The book is asked last: a validating book purges before it answers.
            if (CurrentEpoch >= Config.EagerEpochs && !joinedByOthers && !_futureWithWork.Contains(CurrentEpoch) && !_book.HasWork(Config.BatchSize))
            {
                return;
            }
            _current = new Epoch(Config, CurrentEpoch);
            var proposal = _book.Cut(Config.BatchSize, Config.ProposalSize, _proposalRandom);
            _current.Propose(new Batch(proposal), step);
            if (_future.Remove(CurrentEpoch, out var buffered))
            {
                _futureCounts.Remove(CurrentEpoch);
                _futureWithWork.Remove(CurrentEpoch);
                foreach (var (sender, message) in buffered)
                {
                    _current.Handle(sender, message, step);
                }
            }
            CompleteEpochs(step);
        }
    }

    /// <summary>Commits the current epoch if it is decided and delivered, then moves to the next.</summary>
    private void CompleteEpochs(Step step)
    {
        if (_current?.Decided is not { } decided)
        {
            return;
        }
        var epoch = _current;
        var items = new List<byte[]>();
        var ids = new List<Core.Hashing.Hash32>();
        var seen = new HashSet<Core.Hashing.Hash32>();
        foreach (var batch in decided)
        {
            var batchIds = batch.ItemIds;
            for (var i = 0; i < batchIds.Count; i++)
            {
                var id = batchIds[i];
                // Same rule at every honest node: drop repeats within the epoch and of recently committed items.
                if (seen.Add(id) && !_recent.Contains(id))
                {
                    items.Add(batch.Items[i]);
                    ids.Add(id);
                }
            }
        }
        _book.Remove(seen);
        _recent.Add(epoch.Number, seen);
        step.Outputs.Add(new CommittedBatch(epoch.Number, items, epoch.DecidedProposers, Epoch.OutputDigest(epoch.Number, ids)) { ItemIds = ids });
        LastEpochIterations = epoch.AgreementIterations;

        _retained.Enqueue(epoch);
        while (_retained.Count > Config.RetainedEpochs)
        {
            _retained.Dequeue();
        }
        _current = null;
        CurrentEpoch++;
        MaybeStartEpoch(step);
    }
}
