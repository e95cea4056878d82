using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DumboFL.Runner.Cluster;

namespace DumboFL.Integration.Tests.Support;

/// <summary>A hand-made client of a node's peer port: raw TCP, or TLS 1.3 with a chosen certificate.</summary>
public static class PeerConnection
{
    public static async Task<TcpClient> ConnectAsync(ClusterNode node)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(node.Host, node.Port);
        return tcp;
    }

    /// <summary>A self-signed certificate over <paramref name="key"/>: nodes pin keys, not chains, so this is all a peer shows.</summary>
    public static X509Certificate2 SelfSigned(ECDsa key, string name)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A certificate over a cluster member's own key (the test then speaks as that member).</summary>
    public static X509Certificate2 MemberCertificate(NodeSecrets secrets)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(secrets.NodeKey.ExportPkcs8(), out _);
        return SelfSigned(key, secrets.Id);
    }

    /// <summary>TLS 1.3 as a client presenting <paramref name="certificate"/>; null when the handshake itself was refused.</summary>
    public static async Task<SslStream?> TlsAsync(TcpClient tcp, X509Certificate2 certificate, ClusterNode server)
    {
        var expected = server.PublicKey.ToHex();
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = server.Id,
                ClientCertificates = [certificate],
                EnabledSslProtocols = SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                // Pinned like a node pins its peers: the server must show the key the cluster file publishes.
                RemoteCertificateValidationCallback = (_, presented, _, _) => PointHex(presented) == expected,
            }, deadline.Token);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await ssl.DisposeAsync();
            return null;
        }
    }

    private static string? PointHex(X509Certificate? certificate)
    {
        using var key = certificate is null ? null : new X509Certificate2(certificate).GetECDsaPublicKey();
        if (key is null)
        {
            return null;
        }
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        return Convert.ToHexStringLower([0x04, .. q.X!, .. q.Y!]);
    }

    /// <summary>True when the node closes the connection (end of stream or reset) within the deadline.</summary>
    public static async Task<bool> ClosedByPeerAsync(Stream stream, TimeSpan deadline)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            while (true)
            {
                if (await stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or AuthenticationException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Writes, ignoring a reset: the node may close before everything was sent, which is what the tests provoke.</summary>
    public static async Task TryWriteAsync(Stream stream, byte[] bytes)
    {
        try
        {
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
        }
        catch (IOException)
        {
            // Closed under our feet.
        }
    }
}
