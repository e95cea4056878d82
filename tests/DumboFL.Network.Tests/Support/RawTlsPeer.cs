using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using DumboFL.Core.Crypto;
using DumboFL.Network.Framing;
using DumboFL.Network.Security;
using DumboFL.Network.Wire;

namespace DumboFL.Network.Tests.Support;

/// <summary>
/// A hand-driven client for a node's server: plain TCP, or TLS with any key the test chooses, then
/// whatever bytes the test wants to send. Used to play misbehaving or impostor peers.
/// </summary>
internal sealed class RawTlsPeer : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    private RawTlsPeer(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    /// <summary>True when TLS completed from this side (with TLS 1.3 a refused client certificate shows up
    /// only at the first read).</summary>
    public bool TlsCompleted { get; private init; }

    public static async Task<RawTlsPeer> ConnectTcpAsync(IPEndPoint server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server);
        return new RawTlsPeer(tcp, tcp.GetStream());
    }

    /// <summary>TLS 1.3 as <paramref name="nodeId"/> with <paramref name="key"/>, to the node whose key is
    /// <paramref name="serverKey"/>.</summary>
    public static async Task<RawTlsPeer> ConnectTlsAsync(IPEndPoint server, NodePublicKey serverKey, NodeKey key, string nodeId)
    {
        var expected = serverKey.Encoded.ToArray();
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server);
        var certificate = NodeCertificate.Create(key, nodeId, TimeProvider.System);
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var completed = false;
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "node",
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    NodeCertificate.P256PointOf(presented) is { } point && point.AsSpan().SequenceEqual(expected),
            });
            completed = true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // Refused during the handshake: the peer is closed, which is what the caller checks.
        }
        return new RawTlsPeer(tcp, ssl) { TlsCompleted = completed };
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task SendFrameAsync(Frame frame) => SendAsync(Encode(frame));

    /// <summary>False if the server had already closed the connection.</summary>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        try
        {
            await SendAsync(bytes);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static byte[] Encode(Frame frame)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteControl(writer, frame);
        return writer.WrittenSpan.ToArray();
    }

    public static Frame Hello(string sender, ulong incarnation = 42, uint version = 1) =>
        new() { Hello = new Hello { Sender = sender, Incarnation = incarnation, ProtocolVersion = version } };

    /// <summary>Reads the next frame; null if the server closed the connection first.</summary>
    public async Task<Frame?> ReadFrameAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var prefix = new byte[4];
        if (!await ReadExactlyOrEndAsync(prefix, timeout.Token))
        {
            return null;
        }
        var body = new byte[BitConverter.ToInt32(prefix)];
        return await ReadExactlyOrEndAsync(body, timeout.Token) ? Frame.Parser.ParseFrom(body) : null;
    }

    /// <summary>True once the server has closed (or reset) the connection; false if it is still open after
    /// <paramref name="within"/>. Anything the server sends before closing is skipped.</summary>
    public async Task<bool> ClosedByServerAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var sink = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(sink, timeout.Token) > 0)
            {
            }
            return true;
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

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken ct)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, ct);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or AuthenticationException)
        {
            return false;
        }
    }
}
