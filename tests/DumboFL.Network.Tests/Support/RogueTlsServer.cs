using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using DumboFL.Core.Crypto;
using DumboFL.Network.Security;

namespace DumboFL.Network.Tests.Support;

/// <summary>A TLS server with a key of the test's choosing, standing where a node should be.</summary>
internal sealed class RogueTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _failedHandshakes;

    private readonly bool _answerHello;
    private int _helloAcksSent;

    /// <param name="answerHello">Reply to a Hello with a HelloAck and then fall silent (a hung peer), instead
    /// of only watching the handshake.</param>
    public RogueTlsServer(NodeKey key, bool answerHello = false)
    {
        _answerHello = answerHello;
        _certificate = NodeCertificate.Create(key, "rogue", TimeProvider.System);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public int HelloAcksSent => Volatile.Read(ref _helloAcksSent);

    /// <summary>Handshakes the dialling node broke off (it did not accept this server's key).</summary>
    public int FailedHandshakes => Volatile.Read(ref _failedHandshakes);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            await using (var ssl = new SslStream(client.GetStream()))
            {
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        EnabledSslProtocols = SslProtocols.Tls13,
                        ClientCertificateRequired = false,
                    }, _stop.Token);
                    // A client that accepted us would now send its Hello; a refusing one has already left.
                    var probe = new byte[4096];
                    if (await ssl.ReadAsync(probe, _stop.Token) == 0)
                    {
                        Interlocked.Increment(ref _failedHandshakes);
                    }
                    else if (_answerHello)
                    {
                        await ssl.WriteAsync(RawTlsPeer.Encode(new Wire.Frame { HelloAck = new Wire.HelloAck() }), _stop.Token);
                        Interlocked.Increment(ref _helloAcksSent);
                        // Read (so the client is never blocked) but never answer: no Acks, no Pongs.
                        while (await ssl.ReadAsync(probe, _stop.Token) > 0)
                        {
                        }
                    }
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    Interlocked.Increment(ref _failedHandshakes);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
