using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Validation;

/// <summary>The validation rule of every entry kind. Returns a reason, never throws. Safe to call from several threads.</summary>
public sealed class EntryValidator
{
    /// <summary>Entries whose certificate verified, remembered so the pool's re-validations and the apply do not verify again.</summary>
    private const int VerifiedLimit = 1 << 14;

    private readonly LedgerRules _rules;
    private readonly CrossShardKeys? _keys;
    private readonly HashSet<Hash32> _verified = [];

    /// <param name="keys">
    /// Every shard's committee, for the certificates of <see cref="LegsAccepted"/> and <see cref="CrossShardAbort"/>
    /// entries; without them those entries are refused (<see cref="InvalidReason.BadCertificate"/>).
    /// </param>
    public EntryValidator(LedgerRules rules, CrossShardKeys? keys = null)
    {
        _rules = rules;
        _keys = keys;
    }

    public InvalidReason? Validate(LedgerEntry entry, ILedgerView view)
    {
        if (view.IsCommitted(entry.Id))
        {
            return InvalidReason.Duplicate;
        }
        return entry switch
        {
            ChunkCommit c => ValidateChunk(c, view),
            ModelUpdate u => ValidateUpdate(u, view),
            Aggregate a => ValidateAggregate(a, view),
            CrossShardTx x => ValidateCrossShard(x, view),
            LegsAccepted a => ValidateAccepted(a, view),
            CrossShardAbort b => ValidateAbort(b, view),
            UpdateHeld h => ValidateHeld(h, view),
            Payload p => p.Data.Length == 0 ? InvalidReason.Malformed : p.Data.Length > _rules.MaxPayloadBytes ? InvalidReason.TooLarge : null,
            _ => InvalidReason.Malformed,
        };
    }

    private InvalidReason? ValidateChunk(ChunkCommit chunk, ILedgerView view)
    {
        if (Client(chunk.Client, view) is { } reason)
        {
            return reason;
        }
        if (chunk.Size == 0 || chunk.Size > _rules.MaxChunkBytes)
        {
            return InvalidReason.TooLarge;
        }
        // Before the update itself is committed only the global bound applies; after, its chunk count does.
        var count = view.CommittedChunkCount(chunk.Round, chunk.Client) ?? _rules.MaxChunksPerUpdate;
        return chunk.ChunkIndex >= count ? InvalidReason.ChunkIndexOutOfRange : Round(chunk.Round, view);
    }

    private InvalidReason? ValidateUpdate(ModelUpdate update, ILedgerView view)
    {
        if (Client(update.Client, view) is { } reason)
        {
            return reason;
        }
        if (update.ChunkCount == 0 || update.SampleCount == 0)
        {
            return InvalidReason.Malformed;
        }
        if (update.ChunkCount > _rules.MaxChunksPerUpdate)
        {
            return InvalidReason.TooLarge;
        }
        // One update per client and round: a second one (other bytes, so another id) is a duplicate.
        return view.CommittedChunkCount(update.Round, update.Client) is not null ? InvalidReason.Duplicate : Round(update.Round, view);
    }

    /// <summary>
    /// A committed aggregate moves the ledger's FL round on, which makes the open round's statements stale: so it is
    /// taken only once the ledger has closed its round — n − f of the shard's clients' updates vouched for by f + 1
    /// nodes each, the rule every honest FL client decides its cut by. Otherwise one client could stall every FL client
    /// of the shard by committing an aggregate a round ahead. (Without committee keys or FL clients: not checked.)
    /// </summary>
    private InvalidReason? ValidateAggregate(Aggregate aggregate, ILedgerView view)
    {
        if (aggregate.Shard != view.Shard)
        {
            return InvalidReason.WrongShard;
        }
        if (_keys?.Committee(view.Shard) is { } committee)
        {
            var quorum = committee.Quorum;
            if (view.AvailableUpdates(aggregate.Round, quorum.F + 1) is { } available && available < quorum.N - quorum.F)
            {
                return InvalidReason.NotCertified;
            }
        }
        return Round(aggregate.Round, view);
    }

    /// <summary>
    /// A holder's statement counts only for an update committed here, from a node of this shard whose signature verifies:
    /// anyone can submit entries, so without the signature one client could vouch for its own withheld update.
    /// </summary>
    private InvalidReason? ValidateHeld(UpdateHeld held, ILedgerView view)
    {
        if (held.Shard != view.Shard)
        {
            return InvalidReason.WrongShard;
        }
        if (Client(held.Client, view) is { } reason)
        {
            return reason;
        }
        if (view.CommittedChunkCount(held.Round, held.Client) is null)
        {
            return InvalidReason.NotCertified;
        }
        if (_keys?.Committee(view.Shard) is not { } committee || !committee.Contains(held.Holder)
            || !committee.Verify(held.Holder, UpdateHeld.Statement(_keys.Domain(view.Shard), held.Round, held.Client, held.UpdateRoot), held.Signature))
        {
            return InvalidReason.BadCertificate;
        }
        // One statement per holder and update: signatures are randomised, so a repeat has another id and would
        // otherwise be committed again and again.
        return view.HasVouched(held.Round, held.Client, held.Holder) ? InvalidReason.Duplicate : Round(held.Round, view);
    }

    private InvalidReason? ValidateCrossShard(CrossShardTx tx, ILedgerView view)
    {
        if (Shape(tx, view) is { } shape)
        {
            return shape;
        }
        var leg = tx.InputIndexOf(view.Shard);
        if (tx.IsIntraShard)
        {
            return leg < 0 ? InvalidReason.WrongShard : tx.InputValid[leg] ? null : InvalidReason.InvalidLeg;
        }
        if (!tx.OutputValid)
        {
            // The input form is locked by its input shards only; the output shard takes the output form.
            if (leg < 0)
            {
                return InvalidReason.WrongShard;
            }
            if (!tx.InputValid[leg])
            {
                return InvalidReason.InvalidLeg;
            }
            return view.CrossShard(tx.Id).Aborted ? InvalidReason.Aborted : null;
        }
        if (tx.OutputShard != view.Shard)
        {
            return InvalidReason.WrongShard;
        }
        // Output valid = 1 only once every input leg is accepted here: a leg of another shard through a committed
        // LegsAccepted, this shard's own leg by being committed here.
        var legId = tx.LegId;
        var state = view.CrossShard(legId);
        if (state.Aborted)
        {
            return InvalidReason.Aborted;
        }
        foreach (var input in tx.InputShards)
        {
            var accepted = input == view.Shard ? view.IsCommitted(legId) : state.AcceptedInputs.Contains(input);
            if (!accepted)
            {
                return InvalidReason.NotCertified;
            }
        }
        return null;
    }

    private InvalidReason? Shape(CrossShardTx tx, ILedgerView view)
    {
        if (tx.InputShards.Count == 0 || tx.InputShards.Count != tx.InputValid.Count
            || tx.InputShards.Distinct().Count() != tx.InputShards.Count)
        {
            return InvalidReason.Malformed;
        }
        if (tx.InputShards.Count > _rules.MaxInputShards || tx.Payload.Length > _rules.MaxPayloadBytes)
        {
            return InvalidReason.TooLarge;
        }
        return tx.OutputShard >= view.ShardCount || tx.InputShards.Any(s => s >= view.ShardCount) ? InvalidReason.Malformed : null;
    }

    private InvalidReason? ValidateAccepted(LegsAccepted accepted, ILedgerView view)
    {
        if (accepted.InputShard >= view.ShardCount || accepted.InputShard == view.Shard
            || accepted.LegIds.Count == 0 || accepted.LegIds.Distinct().Count() != accepted.LegIds.Count)
        {
            return InvalidReason.Malformed;
        }
        if (view.IsAccepted(accepted.InputShard, accepted.Height))
        {
            return InvalidReason.Duplicate;
        }
        return Verified(accepted, view.Shard, () => CrossShardStatements.Sign(_keys!.Domain(view.Shard), accepted.InputShard, accepted.Height, accepted.LegsDigest), accepted.Sign);
    }

    private InvalidReason? ValidateAbort(CrossShardAbort abort, ILedgerView view)
    {
        var tx = abort.Tx;
        if (Shape(tx, view) is { } shape)
        {
            return shape;
        }
        // Only a leg that really is invalid can have an honest CL certificate.
        if (!tx.HasInvalidLegOn(abort.InvalidShard))
        {
            return InvalidReason.Malformed;
        }
        if (!tx.Involves(view.Shard))
        {
            return InvalidReason.WrongShard;
        }
        var legId = tx.Id;
        if (view.CrossShard(legId).Aborted)
        {
            return InvalidReason.Duplicate;
        }
        if (view.IsCommitted(tx.OutputLeg().Id))
        {
            return InvalidReason.NotCertified;
        }
        return Verified(abort, abort.InvalidShard, () => CrossShardStatements.ClearMessage(_keys!.Domain(abort.InvalidShard), legId), abort.Clear);
    }

    /// <summary>Verifies <paramref name="certificate"/> (n−f of <paramref name="shard"/>'s committee over the statement), once per entry.</summary>
    private InvalidReason? Verified(LedgerEntry entry, uint shard, Func<byte[]> statement, QuorumCertificate certificate)
    {
        if (_keys?.Committee(shard) is not { } committee)
        {
            return InvalidReason.BadCertificate;
        }
        lock (_verified)
        {
            if (_verified.Contains(entry.Id))
            {
                return null;
            }
        }
        if (certificate.Verify(committee, statement(), committee.Quorum.Strong) != CertificateError.None)
        {
            return InvalidReason.BadCertificate;
        }
        lock (_verified)
        {
            if (_verified.Count >= VerifiedLimit)
            {
                _verified.Clear();
            }
            _verified.Add(entry.Id);
        }
        return null;
    }

    private InvalidReason? Client(string client, ILedgerView view)
    {
        if (string.IsNullOrEmpty(client) || System.Text.Encoding.UTF8.GetByteCount(client) > _rules.MaxClientIdBytes)
        {
            return InvalidReason.Malformed;
        }
        return view.IsKnownClient(client) ? null : InvalidReason.UnknownClient;
    }

    private InvalidReason? Round(ulong round, ILedgerView view)
    {
        if (round + _rules.RoundLag < view.CurrentRound)
        {
            return InvalidReason.StaleRound;
        }
        return round > view.CurrentRound + _rules.RoundLead ? InvalidReason.FutureRound : null;
    }
}
