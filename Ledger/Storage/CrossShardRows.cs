using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// The cross-shard state a block's entries change (docs/CROSS_SHARD.md): input blocks whose legs were accepted, the
/// legs themselves, aborted txs, and txs whose output leg committed (their accepted-leg rows are no longer needed).
/// Both stores write these in the same step as the block.
/// </summary>
internal sealed class CrossShardRows
{
    public List<(uint Shard, ulong Height)> AcceptedBlocks { get; } = [];

    public List<(Hash32 LegId, uint Shard)> AcceptedLegs { get; } = [];

    public List<Hash32> Aborted { get; } = [];

    public List<Hash32> Completed { get; } = [];

    /// <summary>The rows of <paramref name="block"/>, or null when it has no cross-shard entry (read from its group roots).</summary>
    public static CrossShardRows? Of(Block block)
    {
        if (!block.Header.GroupRoots.Any(g => g.Group.Kind is EntryKind.CrossShardTx or EntryKind.LegsAccepted or EntryKind.CrossShardAbort))
        {
            return null;
        }
        var rows = new CrossShardRows();
        foreach (var entry in block.Entries)
        {
            switch (entry)
            {
                case LegsAccepted accepted:
                    rows.AcceptedBlocks.Add((accepted.InputShard, accepted.Height));
                    rows.AcceptedLegs.AddRange(accepted.LegIds.Select(id => (id, accepted.InputShard)));
                    break;
                case CrossShardAbort abort:
                    rows.Aborted.Add(abort.Tx.LegId);
                    break;
                case CrossShardTx { OutputValid: true, IsIntraShard: false } output when output.OutputShard == block.Header.Shard:
                    rows.Completed.Add(output.LegId);
                    break;
            }
        }
        return rows;
    }
}
