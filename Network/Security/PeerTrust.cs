using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;

namespace DumboFL.Network.Security;

/// <summary>The cluster's pinned keys: which node id a presented certificate belongs to, if any.</summary>
internal sealed class PeerTrust
{
    private readonly FrozenDictionary<string, string> _idByKey;
    private readonly FrozenDictionary<string, string> _keyById;

    public PeerTrust(IEnumerable<PeerAddress> peers)
    {
        var list = peers.ToList();
        _keyById = list.ToFrozenDictionary(p => p.Id, p => p.Key.ToHex(), StringComparer.Ordinal);
        _idByKey = list.ToFrozenDictionary(p => p.Key.ToHex(), p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>The node id whose pinned key the certificate carries, or null for any other certificate.</summary>
    public string? Identify(X509Certificate? certificate)
    {
        var point = NodeCertificate.P256PointOf(certificate);
        return point is not null && _idByKey.TryGetValue(Convert.ToHexStringLower(point), out var id) ? id : null;
    }

    /// <summary>True only for exactly <paramref name="peerId"/>'s pinned key.</summary>
    public bool IsKeyOf(X509Certificate? certificate, string peerId) =>
        Identify(certificate) is { } id && id == peerId && _keyById.ContainsKey(peerId);
}
