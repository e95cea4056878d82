using DumboFL.Core.Encoding;
using Org.BouncyCastle.Math.EC;

namespace DumboFL.Core.Coin;

// The public half of a dealt coin, the same on every node of the shard: g^x and every g^{x_i}.
public sealed partial class CoinKeySet
{
    // Bounds decoding (a key file names n before its n points); far above any shard size.
    public const int MaxMembers = 1024;

    private readonly byte[] _groupKey;
    private readonly byte[][] _verificationKeys;
    private readonly ECPoint[] _verificationPoints;

    internal CoinKeySet(int threshold, ECPoint groupPoint, ECPoint[] verificationPoints)
    {
        if (verificationPoints.Length is < 1 or > MaxMembers)
        {
            throw new ArgumentOutOfRangeException(nameof(verificationPoints), $"1..{MaxMembers} members");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, verificationPoints.Length);
        N = verificationPoints.Length;
        Threshold = threshold;
        GroupPoint = groupPoint.Normalize();
        _verificationPoints = verificationPoints.Select(p => p.Normalize()).ToArray();
        _groupKey = Secp256k1.Encode(GroupPoint);
        _verificationKeys = _verificationPoints.Select(Secp256k1.Encode).ToArray();
        // Callers get their own copies: the points verification uses were decoded once and cannot change.
        VerificationKeys = Array.AsReadOnly(_verificationKeys.Select(k => (byte[])k.Clone()).ToArray());
    }

    public int N { get; }

    // f+1 shares from distinct signers make a coin.
    public int Threshold { get; }

    public IReadOnlyList<byte[]> VerificationKeys { get; }

    public byte[] GroupKey => (byte[])_groupKey.Clone();

    internal ECPoint GroupPoint { get; }

    // Kept as the same objects for the key set's life: BouncyCastle caches wNAF tables on them.
    internal ECPoint VerificationPoint(int signer) => _verificationPoints[signer];

    internal ReadOnlySpan<byte> VerificationKey(int signer) => _verificationKeys[signer];

    // tag ‖ u32 n ‖ u32 threshold ‖ bytes(g^x) ‖ n × bytes(g^{x_i}), CanonicalWriter layout.
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(CoinTags.KeySet, 64 + ((N + 1) * (4 + Secp256k1.PointSize)))
            .WriteU32((uint)N)
            .WriteU32((uint)Threshold)
            .WriteBytes(_groupKey);
        foreach (var key in _verificationKeys)
        {
            writer.WriteBytes(key);
        }
        return writer.ToArray();
    }

    public static CoinKeySet Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CoinReader(bytes);
        reader.ExpectTag(CoinTags.KeySet);
        var n = reader.ReadU32();
        var threshold = reader.ReadU32();
        if (n is < 1 or > MaxMembers || threshold < 1 || threshold > n)
        {
            throw new FormatException($"bad key set shape: n = {n}, threshold = {threshold}");
        }
        if (reader.Remaining != (n + 1) * (4 + Secp256k1.PointSize))
        {
            throw new FormatException($"a key set of {n} members is {n + 1} points long");
        }
        var group = ReadPoint(ref reader);
        var verification = new ECPoint[n];
        for (var i = 0; i < verification.Length; i++)
        {
            verification[i] = ReadPoint(ref reader);
        }
        reader.ExpectEnd();
        var keys = new CoinKeySet((int)threshold, group, verification);
        keys.EnsureOnOnePolynomial(bytes);
        return keys;
    }

    private static ECPoint ReadPoint(ref CoinReader reader) =>
        Secp256k1.TryDecode(reader.ReadBytes(Secp256k1.PointSize), out var point)
            ? point
            : throw new FormatException("not a compressed secp256k1 point");
}
