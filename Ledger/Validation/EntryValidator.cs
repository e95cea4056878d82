using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Validation;

/// <summary>The validation rule of every entry kind. Returns a reason, never throws.</summary>
public sealed class EntryValidator
{
    private readonly LedgerRules _rules;

    public EntryValidator(LedgerRules rules) => _rules = rules;

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
            Aggregate a => a.Shard != view.Shard ? InvalidReason.WrongShard : Round(a.Round, view),
            CrossShardTx x => ValidateCrossShard(x, view),
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

    private InvalidReason? ValidateCrossShard(CrossShardTx tx, ILedgerView view)
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
        if (tx.OutputShard >= view.ShardCount || tx.InputShards.Any(s => s >= view.ShardCount))
        {
            return InvalidReason.Malformed;
        }
        var leg = IndexOf(tx.InputShards, view.Shard);
        if (leg < 0)
        {
            return tx.OutputShard == view.Shard ? null : InvalidReason.WrongShard;
        }
        return tx.InputValid[leg] ? null : InvalidReason.InvalidLeg;
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

    private static int IndexOf(IReadOnlyList<uint> shards, uint shard)
    {
        for (var i = 0; i < shards.Count; i++)
        {
            if (shards[i] == shard)
            {
                return i;
            }
        }
        return -1;
    }
}
