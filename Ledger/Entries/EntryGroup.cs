namespace DumboFL.Ledger.Entries;

/// <summary>Entries of a block are grouped into one Merkle tree per (kind, output shard); groups sort by kind, then shard.</summary>
public readonly record struct EntryGroup(EntryKind Kind, uint OutputShard) : IComparable<EntryGroup>
{
    public int CompareTo(EntryGroup other) =>
        Kind != other.Kind ? Kind.CompareTo(other.Kind) : OutputShard.CompareTo(other.OutputShard);

    public override string ToString() => Kind == EntryKind.CrossShardTx ? $"{Kind}→{OutputShard}" : Kind.ToString();
}
