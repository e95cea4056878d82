namespace DumboFL.Core.Coin;

// Every hash in the coin starts with one of these tags, so no hash input of one kind can be read as
// another (a challenge is never a nonce, a coin value is never a hash-to-curve attempt). Kept together
// so that their distinctness can be checked at a glance; bump the version when a layout changes.
internal static class CoinTags
{
    public const string HashToCurve = "DumboFL/coin/hash-to-curve/v1";
    public const string DleqChallenge = "DumboFL/coin/dleq-challenge/v1";
    public const string DleqNonce = "DumboFL/coin/dleq-nonce/v1";
    public const string Value = "DumboFL/coin/value/v1";
    public const string DealerSeed = "DumboFL/coin/dealer-seed/v1";
    public const string KeySet = "DumboFL/coin/key-set/v1";
    public const string KeySetCheck = "DumboFL/coin/key-set-check/v1";
    public const string SecretKey = "DumboFL/coin/secret-key/v1";
}
