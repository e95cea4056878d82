using DumboFL.Core.Hashing;

namespace DumboFL.Core.Coin;

// The coin: SHA-256(tag ‖ coin id ‖ H(id)^x). H(id)^x is unique and unpredictable until f+1 nodes
// released shares, so in the random-oracle model every bit of the digest is uniform and independent.
public readonly record struct CoinValue(Hash32 Digest)
{
    // The first bit of the digest.
    public bool ToBit() => (Digest.Prefix64 >> 63) == 1;

    // The first 8 digest bytes, big-endian.
    public ulong ToUInt64() => Digest.Prefix64;

    // The whole 256-bit digest (big-endian) mod n: the bias is at most n / 2^256, negligible for any n,
    // so every index is as likely as any other, without rejection sampling.
    public int ToIndex(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        Span<byte> digest = stackalloc byte[Hash32.Size];
        Digest.CopyTo(digest);
        UInt128 remainder = 0;
        for (var i = 0; i < Hash32.Size; i += sizeof(ulong))
        {
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest[i..]);
            // remainder < n < 2^31, so (remainder << 64) | word fits in 128 bits.
            remainder = ((remainder << 64) | word) % (uint)n;
        }
        return (int)remainder;
    }
}
