using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Validation;

/// <summary>
/// Every shard's committee and signing domain, from the cluster file: what the certificates of cross-shard entries are
/// checked against (SIGN by the output shard's own committee, CL by the committee of the shard whose leg was invalid).
/// The same at every honest node, so the verdicts are too.
/// </summary>
public sealed class CrossShardKeys
{
    private readonly IReadOnlyList<Committee> _committees;

    public CrossShardKeys(Hash32 clusterId, IReadOnlyList<Committee> committees)
    {
        ArgumentOutOfRangeException.ThrowIfZero(committees.Count);
        ClusterId = clusterId;
        _committees = committees.ToArray();
    }

    public Hash32 ClusterId { get; }

    public int ShardCount => _committees.Count;

    public Committee? Committee(uint shard) => shard < (uint)_committees.Count ? _committees[(int)shard] : null;

    public SigningDomain Domain(uint shard) => new(ClusterId, shard);
}

/// <summary>What cross-shard signatures cover (docs/CROSS_SHARD.md). Each is bound to the cluster and the signers' shard.</summary>
public static class CrossShardStatements
{
    /// <summary>
    /// SIGN, by a node of <paramref name="outputDomain"/>'s shard: "I verified the LD certificate of block
    /// <paramref name="height"/> of <paramref name="inputShard"/> and the inclusion proofs of these legs".
    /// </summary>
    public static byte[] Sign(SigningDomain outputDomain, uint inputShard, ulong height, Hash32 legsDigest) =>
        outputDomain.Statement("dumbofl/xs-sign/v1", height, inputShard).WriteHash(legsDigest).ToArray();

    /// <summary>CL_M, by a node of <paramref name="inputDomain"/>'s shard: "the leg of this tx on my shard is invalid".</summary>
    public static byte[] ClearMessage(SigningDomain inputDomain, Hash32 legId) =>
        inputDomain.Statement("dumbofl/xs-clm/v1", 0, 0).WriteHash(legId).ToArray();
}
