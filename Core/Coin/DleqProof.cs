using DumboFL.Core.Encoding;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace DumboFL.Core.Coin;

// Chaum–Pedersen proof that log_g(vk) = log_h(share) = x, made non-interactive by Fiat–Shamir:
//   prover:   r, a1 = g^r, a2 = h^r, c = H(g, h, vk, share, a1, a2) mod q, z = r + c·x mod q
//   verifier: a1 = g^z · vk^{-c}, a2 = h^z · share^{-c}, accept iff c = H(g, h, vk, share, a1, a2) mod q
// h = H(coin id) binds the proof to one coin, vk = g^{x_i} to one signer.
internal static class DleqProof
{
    public static (BigInteger Challenge, BigInteger Response) Prove(ECPoint h, ECPoint vk, ECPoint share, BigInteger x)
    {
        var q = Secp256k1.Order;
        var r = Nonce(x, h, share);
        var a1 = Secp256k1.MultiplyG(r);
        var a2 = h.Multiply(r).Normalize();
        var c = Challenge(h, vk, share, a1, a2);
        return (c, r.Add(c.Multiply(x)).Mod(q));
    }

    public static bool Verify(ECPoint h, ECPoint vk, ECPoint share, BigInteger c, BigInteger z)
    {
        var minusC = Secp256k1.Order.Subtract(c).Mod(Secp256k1.Order);
        // Shamir's trick (with GLV on secp256k1): one joint double-and-add chain per equation.
        var a1 = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.G, z, vk, minusC);
        var a2 = ECAlgorithms.SumOfTwoMultiplies(h, z, share, minusC);
        return Challenge(h, vk, share, a1, a2).Equals(c);
    }

    public static BigInteger Challenge(ECPoint h, ECPoint vk, ECPoint share, ECPoint a1, ECPoint a2)
    {
        var writer = new CanonicalWriter(CoinTags.DleqChallenge, 256)
            .WriteBytes(Secp256k1.EncodedG)
            .WriteBytes(Secp256k1.Encode(h))
            .WriteBytes(Secp256k1.Encode(vk))
            .WriteBytes(Secp256k1.Encode(share))
            .WriteBytes(Secp256k1.Encode(a1))
            .WriteBytes(Secp256k1.Encode(a2));
        // A 256-bit digest mod q (q > 2^256 − 2^129) is within 2^-127 of uniform: plenty for a challenge.
        return new BigInteger(1, writer.Hash().ToArray()).Mod(Secp256k1.Order);
    }

    // Deterministic nonce, derived from the secret and the statement as in RFC 6979 / EdDSA: no RNG to fail
    // or to be replayed, the same share is reproduced bit for bit in simulations, and two different
    // statements never share an r (which would reveal x). r is in [1, q−1].
    private static BigInteger Nonce(BigInteger x, ECPoint h, ECPoint share)
    {
        var writer = new CanonicalWriter(CoinTags.DleqNonce, 160)
            .WriteBytes(Secp256k1.EncodeScalar(x))
            .WriteBytes(Secp256k1.Encode(h))
            .WriteBytes(Secp256k1.Encode(share));
        var wide = Secp256k1.WideHashToScalar(writer.WrittenSpan);
        return wide.Mod(Secp256k1.Order.Subtract(BigInteger.One)).Add(BigInteger.One);
    }
}
