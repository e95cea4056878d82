namespace DumboFL.Core.Crypto;

/// <summary>The public keys of one shard's nodes, indexed 0..n−1, and its quorum arithmetic.</summary>
public sealed class Committee
{
    private readonly NodePublicKey[] _keys;

    public Committee(IEnumerable<NodePublicKey> keys)
    {
        _keys = keys.ToArray();
        if (_keys.Length == 0)
        {
            throw new ArgumentException("a committee has at least one node", nameof(keys));
        }
        if (_keys.Distinct().Count() != _keys.Length)
        {
            throw new ArgumentException("a committee's keys must be distinct", nameof(keys));
        }
        Quorum = new Quorum(_keys.Length);
    }

    public int N => _keys.Length;

    public Quorum Quorum { get; }

    public NodePublicKey this[int index] => _keys[index];

    public bool Contains(int index) => index >= 0 && index < _keys.Length;

    public bool Verify(int signer, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Contains(signer) && _keys[signer].Verify(message, signature);
}
