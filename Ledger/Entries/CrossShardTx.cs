using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Entries;

/// <summary>
/// A transaction with legs on input shards (each with its validity flag) and one output shard. A tx whose
/// only input shard is its output shard is intra-shard.
/// </summary>
public sealed record CrossShardTx(Hash32 TxId, IReadOnlyList<uint> InputShards, IReadOnlyList<bool> InputValid,
    uint OutputShard, bool OutputValid, byte[] Payload) : LedgerEntry
{
    public override EntryKind Kind => EntryKind.CrossShardTx;

    public override EntryGroup Group => new(Kind, OutputShard);

    public bool IsIntraShard => InputShards.Count == 1 && InputShards[0] == OutputShard;

    /// <summary>
    /// The id of the tx's input form (<see cref="OutputValid"/> = false), the bytes its input shards lock: what every
    /// shard keys the tx's cross-shard state by, whichever form it holds.
    /// </summary>
    public Hash32 LegId => OutputValid ? (this with { OutputValid = false }).Id : Id;

    /// <summary>The output leg: the same tx with <see cref="OutputValid"/> = 1, the same bytes at every node of the output shard.</summary>
    public CrossShardTx OutputLeg() => OutputValid ? this : this with { OutputValid = true };

    /// <summary>Every shard the tx touches: its input shards, then its output shard if it is not one of them.</summary>
    public IReadOnlyList<uint> Shards() => [.. InputShards.Append(OutputShard).Distinct()];

    /// <summary>Whether <paramref name="shard"/> is one of the tx's input shards or its output shard.</summary>
    public bool Involves(uint shard) => OutputShard == shard || InputIndexOf(shard) >= 0;

    /// <summary>
    /// Whether this is the input form of a tx spanning shards whose leg on <paramref name="shard"/> is invalid: the one
    /// case in which that shard's nodes sign CL_M, and so the only leg a CL certificate can name.
    /// </summary>
    public bool HasInvalidLegOn(uint shard)
    {
        if (IsIntraShard || OutputValid || InputShards.Count != InputValid.Count)
        {
            return false;
        }
        var leg = InputIndexOf(shard);
        return leg >= 0 && !InputValid[leg];
    }

    /// <summary>Where <paramref name="shard"/> sits among the input shards, or −1.</summary>
    public int InputIndexOf(uint shard)
    {
        for (var i = 0; i < InputShards.Count; i++)
        {
            if (InputShards[i] == shard)
            {
                return i;
            }
        }
        return -1;
    }

    // Entries are equal when their canonical bytes are: the array and list fields would otherwise compare by reference.
    public bool Equals(CrossShardTx? other) => base.Equals(other);

    public override int GetHashCode() => base.GetHashCode();

    protected override void WriteFields(CanonicalWriter writer)
    {
        writer.WriteHash(TxId).WriteU32((uint)InputShards.Count);
        foreach (var shard in InputShards)
        {
            writer.WriteU32(shard);
        }
        writer.WriteU32((uint)InputValid.Count);
        foreach (var valid in InputValid)
        {
            writer.WriteBool(valid);
        }
        writer.WriteU32(OutputShard).WriteBool(OutputValid).WriteBytes(Payload);
    }
}
