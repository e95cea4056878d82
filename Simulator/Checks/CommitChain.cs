using System.Security.Cryptography;
using DumboFL.Consensus;
using DumboFL.Core.Hashing;

namespace DumboFL.Simulator;

/// <summary>A node's committed history in one hash: h₀ = 0, hᵢ₊₁ = SHA-256(hᵢ ‖ digest of batch i).</summary>
public static class CommitChain
{
    public static Hash32 Digest(IEnumerable<CommittedBatch> batches)
    {
        var chain = Hash32.Zero;
        Span<byte> buffer = stackalloc byte[2 * Hash32.Size];
        foreach (var batch in batches)
        {
            chain.CopyTo(buffer);
            batch.Digest.CopyTo(buffer[Hash32.Size..]);
            chain = new Hash32(SHA256.HashData(buffer));
        }
        return chain;
    }

    /// <summary>
    /// Our own digest of a batch's contents (epoch and ordered items), independent of the consensus code's
    /// <see cref="CommittedBatch.Digest"/>, so that agreement is checked on the items themselves too.
    /// </summary>
    public static Hash32 ContentDigest(CommittedBatch batch)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(batch.Epoch));
        sha.AppendData(BitConverter.GetBytes(batch.Items.Count));
        foreach (var item in batch.Items)
        {
            sha.AppendData(BitConverter.GetBytes(item.Length));
            sha.AppendData(item);
        }
        return new Hash32(sha.GetHashAndReset());
    }
}
