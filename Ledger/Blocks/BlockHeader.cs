using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Blocks;

/// <summary>
/// A block header: where it sits in the shard's chain (height, previous header hash), which consensus
/// epoch and decision produced it, and the Merkle roots of its entry groups and of the top tree over them.
/// Its <see cref="Hash"/> is what the block certificate signs and what the next block links to.
/// </summary>
public sealed record BlockHeader(uint Shard, ulong Height, ulong Epoch, Hash32 PrevHash, IReadOnlyList<GroupRoot> GroupRoots,
    Hash32 TopRoot, int EntryCount, Hash32 DecisionDigest)
{
    public const string DomainTag = "dumbofl/block-header/v1";
    public const int MaxGroups = 4096;

    private Hash32? _hash;

    // A `with` copy must not inherit the cached hash of the header it was copied from.
    private BlockHeader(BlockHeader original)
    {
        Shard = original.Shard;
        Height = original.Height;
        Epoch = original.Epoch;
        PrevHash = original.PrevHash;
        GroupRoots = original.GroupRoots;
        TopRoot = original.TopRoot;
        EntryCount = original.EntryCount;
        DecisionDigest = original.DecisionDigest;
    }

    public Hash32 Hash => _hash ??= Hash32.Of(Encode());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(DomainTag);
        writer.WriteU32(Shard).WriteU64(Height).WriteU64(Epoch).WriteHash(PrevHash).WriteU32((uint)GroupRoots.Count);
        foreach (var group in GroupRoots)
        {
            writer.WriteU8((byte)group.Group.Kind).WriteU32(group.Group.OutputShard).WriteU32((uint)group.Count).WriteHash(group.Root);
        }
        return writer.WriteHash(TopRoot).WriteU32((uint)EntryCount).WriteHash(DecisionDigest).ToArray();
    }

    public static BlockHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, DomainTag);
        var shard = reader.ReadU32();
        var height = reader.ReadU64();
        var epoch = reader.ReadU64();
        var prev = reader.ReadHash();
        var count = reader.ReadU32();
        if (count > MaxGroups)
        {
            throw new FormatException($"{count} groups in a header");
        }
        var groups = new GroupRoot[count];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = new GroupRoot(new EntryGroup((EntryKind)reader.ReadU8(), reader.ReadU32()), (int)reader.ReadU32(), reader.ReadHash());
        }
        var header = new BlockHeader(shard, height, epoch, prev, groups, reader.ReadHash(), (int)reader.ReadU32(), reader.ReadHash());
        reader.End();
        return header;
    }

    public bool Equals(BlockHeader? other) => other is not null && other.Hash == Hash;

    public override int GetHashCode() => Hash.GetHashCode();
}
