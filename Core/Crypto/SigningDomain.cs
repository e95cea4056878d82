using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Core.Crypto;

/// <summary>
/// Where a statement belongs: one cluster, one shard. Every signed statement starts
/// <c>tag ‖ cluster id ‖ shard ‖ epoch ‖ instance</c>, so a signature can never be replayed across
/// clusters, shards, epochs, protocol instances or statement kinds.
/// </summary>
public sealed record SigningDomain(Hash32 ClusterId, uint Shard)
{
    public CanonicalWriter Statement(string tag, ulong epoch, ulong instance) =>
        new CanonicalWriter(tag).WriteHash(ClusterId).WriteU32(Shard).WriteU64(epoch).WriteU64(instance);
}
