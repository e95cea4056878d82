using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DumboFL.Core.Crypto;

namespace DumboFL.Network.Security;

/// <summary>
/// This node's certificate and the TLS settings both sides use: TLS 1.3 only, mutual authentication,
/// validation by pinned key instead of by chain (the callbacks ignore chain errors on purpose: there is
/// no CA, only the cluster file).
/// </summary>
internal sealed class TlsIdentity : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly SslStreamCertificateContext _context;
    private readonly PeerTrust _trust;
    private readonly string _selfId;

    public TlsIdentity(NodeKey key, string selfId, PeerTrust trust, TimeProvider time)
    {
        _selfId = selfId;
        _trust = trust;
        _certificate = NodeCertificate.Create(key, selfId, time);
        // offline: never try to fetch intermediates or revocation data for a self-signed certificate.
        _context = SslStreamCertificateContext.Create(_certificate, additionalCertificates: null, offline: true);
    }

    public X509Certificate2 Certificate => _certificate;

    // Pinning to TLS 1.3 is the contract (ARCHITECTURE §6): both ends are ours, nothing older must be accepted.
    private const SslProtocols Protocols = SslProtocols.Tls13;

    /// <summary>Server side: any cluster key except our own; the Hello is then checked against it.</summary>
    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = _context,
        ClientCertificateRequired = true,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            _trust.Identify(certificate) is { } id && id != _selfId,
    };

    /// <summary>Client side: exactly the dialled peer's key.</summary>
    public SslClientAuthenticationOptions ClientOptions(string peerId) => new()
    {
        TargetHost = peerId,
        ClientCertificateContext = _context,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => _trust.IsKeyOf(certificate, peerId),
    };

    public void Dispose() => _certificate.Dispose();
}
