using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Blocks;

/// <summary>What nodes sign to certify a block: the header hash, bound to cluster, shard, epoch and height.</summary>
public static class BlockStatements
{
    public static byte[] Certify(SigningDomain domain, ulong epoch, ulong height, Hash32 headerHash) =>
        domain.Statement("dumbofl/block-certificate/v1", epoch, height).WriteHash(headerHash).ToArray();
}
