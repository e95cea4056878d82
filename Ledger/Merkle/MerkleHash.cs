using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Merkle;

/// <summary>The RFC 6962 / RFC 9162 §2.1 hash functions: domain-separated leaf and interior-node hashes.</summary>
public static class MerkleHash
{
    internal const byte LeafPrefix = 0x00;
    internal const byte NodePrefix = 0x01;

    /// <summary>Node input: the 0x01 prefix followed by two 32-byte child hashes.</summary>
    internal const int NodeInputSize = 1 + 2 * Hash32.Size;

    /// <summary>MTH({}) = SHA-256 of the empty string.</summary>
    public static Hash32 Empty { get; } = Hash32.Of([]);

    /// <summary>MTH({d}) = SHA-256(0x00 ‖ d).</summary>
    public static Hash32 Leaf(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash32.Size];
        Sha256.Hash([LeafPrefix], data, digest);
        return new Hash32(digest);
    }

    /// <summary>Interior node = SHA-256(0x01 ‖ left ‖ right).</summary>
    public static Hash32 Node(Hash32 left, Hash32 right)
    {
        Span<byte> input = stackalloc byte[NodeInputSize];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Hash32.Size)..]);
        return Hash32.Of(input);
    }

    /// <summary>
    /// Hot-path node hash on raw bytes: <paramref name="input"/> is a 65-byte buffer whose first byte is already
    /// 0x01 and whose remaining 64 bytes the caller filled with left ‖ right.
    /// </summary>
    internal static void NodeInto(ReadOnlySpan<byte> input, Span<byte> destination) =>
        Sha256.Hash(input, destination);
}
