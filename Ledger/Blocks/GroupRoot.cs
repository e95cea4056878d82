using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Blocks;

/// <summary>One group's Merkle tree in a block: which group, how many entries, the root. Its canonical bytes are a leaf of the top tree.</summary>
public sealed record GroupRoot(EntryGroup Group, int Count, Hash32 Root)
{
    public byte[] Encode() => new CanonicalWriter("dumbofl/group-root/v1")
        .WriteU8((byte)Group.Kind).WriteU32(Group.OutputShard).WriteU32((uint)Count).WriteHash(Root).ToArray();
}
