namespace DumboFL.Core.Coin;

// Cachin–Kursawe–Shoup common coin ("Random oracles in Constantinople", J. Cryptology 2005) on secp256k1:
// node i releases H(id)^{x_i} with a DLEQ proof against g^{x_i}; any f+1 valid shares interpolate to
// H(id)^x in the exponent, and the coin is a hash of that point. Immutable apart from a lock-free cache,
// so one instance serves all threads.
public sealed partial class ThresholdCoin
{
    private const int RecentCoinIds = 8;
    private readonly RecentCoinPoints _recentPoints = new(RecentCoinIds);

    public ThresholdCoin(CoinKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
    }

    public CoinKeySet Keys { get; }

    // Deterministic: the same key and id always give the same share (the DLEQ nonce is derived, not drawn).
    // BouncyCastle's scalar multiplications are not constant-time, so a co-located attacker timing this
    // could in principle learn about x_i; on our dedicated nodes that is accepted, as for the rest of BC.
    public CoinShare CreateShare(CoinSecretKey secret, ReadOnlySpan<byte> coinId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Index >= Keys.N || !Keys.VerificationKey(secret.Index).SequenceEqual(secret.VerificationKey))
        {
            throw new ArgumentException($"key share #{secret.Index} does not belong to this key set", nameof(secret));
        }
        var h = _recentPoints.Get(coinId);
        var share = h.Multiply(secret.Scalar).Normalize();
        var (challenge, response) = DleqProof.Prove(h, Keys.VerificationPoint(secret.Index), share, secret.Scalar);
        return new CoinShare(secret.Index, Secp256k1.Encode(share),
            Secp256k1.EncodeScalar(challenge), Secp256k1.EncodeScalar(response));
    }
}
