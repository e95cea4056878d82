using DumboFL.Core.Encoding;
using Org.BouncyCastle.Math;

namespace DumboFL.Core.Coin;

// Node Index's Shamir share x_i = p(i+1) of the coin secret x.
public sealed class CoinSecretKey
{
    private readonly Lazy<byte[]> _verificationKey;

    internal CoinSecretKey(int index, BigInteger scalar)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (scalar.SignValue <= 0 || scalar.CompareTo(Secp256k1.Order) >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scalar), "a key share is in [1, q−1]");
        }
        Index = index;
        Scalar = scalar;
        _verificationKey = new Lazy<byte[]>(() => Secp256k1.Encode(Secp256k1.MultiplyG(Scalar)));
    }

    public int Index { get; }

    internal BigInteger Scalar { get; }

    // g^{x_i}, computed once; lets CreateShare refuse a key that does not belong to the key set.
    internal byte[] VerificationKey => _verificationKey.Value;

    public byte[] Encode() =>
        new CanonicalWriter(CoinTags.SecretKey, 80)
            .WriteU32((uint)Index)
            .WriteBytes(Secp256k1.EncodeScalar(Scalar))
            .ToArray();

    public static CoinSecretKey Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CoinReader(bytes);
        reader.ExpectTag(CoinTags.SecretKey);
        var index = reader.ReadU32();
        var scalarBytes = reader.ReadBytes(Secp256k1.ScalarSize);
        reader.ExpectEnd();
        if (index >= CoinKeySet.MaxMembers)
        {
            throw new FormatException($"key share index {index} is out of range");
        }
        if (!Secp256k1.TryDecodeScalar(scalarBytes, out var scalar) || scalar.SignValue == 0)
        {
            throw new FormatException("a key share is a scalar in [1, q−1]");
        }
        return new CoinSecretKey((int)index, scalar);
    }

    public override string ToString() => $"CoinSecretKey(#{Index})";
}
