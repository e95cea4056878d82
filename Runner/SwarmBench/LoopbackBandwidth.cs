using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// What one stream over 127.0.0.1 carries on this machine right now, the bound a swarm bench compares its spread time
/// with: plain TCP (one socket pair in this process, 1 MiB writes and reads), and TLS 1.3 over the same kind of pair
/// with a throwaway self-signed P-256 certificate, the protocol and key type the transport uses (the cipher suite is
/// whatever the runtime negotiates, reported). Handshakes are not timed.
/// </summary>
public sealed record LoopbackBandwidth(double TcpBytesPerSecond, double TlsBytesPerSecond, string TlsCipher)
{
    private const int BufferBytes = 1 << 20;

    public static async Task<LoopbackBandwidth> MeasureAsync(long bytes, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        var tcp = await TcpAsync(bytes, cancel).ConfigureAwait(false);
        var (tls, cipher) = await TlsAsync(bytes, cancel).ConfigureAwait(false);
        return new LoopbackBandwidth(tcp, tls, cipher);
    }

    private static async Task<double> TcpAsync(long bytes, CancellationToken cancel)
    {
        var (client, server) = await ConnectedPairAsync(cancel).ConfigureAwait(false);
        using (client)
        using (server)
        {
            await using var sender = new NetworkStream(client, ownsSocket: false);
            await using var receiver = new NetworkStream(server, ownsSocket: false);
            return await StreamAsync(sender, receiver, bytes, cancel).ConfigureAwait(false);
        }
    }

    private static async Task<(double BytesPerSecond, string Cipher)> TlsAsync(long bytes, CancellationToken cancel)
    {
        using var certificate = ThrowawayCertificate();
        var (client, server) = await ConnectedPairAsync(cancel).ConfigureAwait(false);
        using (client)
        using (server)
        {
            await using var sender = new SslStream(new NetworkStream(client, ownsSocket: false));
            await using var receiver = new SslStream(new NetworkStream(server, ownsSocket: false));
            // Pinned, as the transport pins node keys: exactly the certificate made a moment ago.
            var pinned = certificate.GetCertHash();
            var clientAuth = sender.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "loopback",
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(pinned),
            }, cancel);
            var serverAuth = receiver.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                EnabledSslProtocols = SslProtocols.Tls13,
            }, cancel);
            await Task.WhenAll(clientAuth, serverAuth).ConfigureAwait(false);
            var rate = await StreamAsync(sender, receiver, bytes, cancel).ConfigureAwait(false);
            return (rate, sender.NegotiatedCipherSuite.ToString());
        }
    }

    private static async Task<(Socket Client, Socket Server)> ConnectedPairAsync(CancellationToken cancel)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var accept = listener.AcceptAsync(cancel).AsTask();
            await client.ConnectAsync(listener.LocalEndPoint!, cancel).ConfigureAwait(false);
            return (client, await accept.ConfigureAwait(false));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Bytes per second from the first write until the receiver has read the last byte.</summary>
    private static async Task<double> StreamAsync(Stream sender, Stream receiver, long bytes, CancellationToken cancel)
    {
        var payload = RandomNumberGenerator.GetBytes(BufferBytes);
        var started = Stopwatch.GetTimestamp();
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[BufferBytes];
            var left = bytes;
            while (left > 0)
            {
                var read = await receiver.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancel).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"the loopback stream ended {left} bytes early");
                }
                left -= read;
            }
        }, cancel);
        for (var left = bytes; left > 0; left -= BufferBytes)
        {
            await sender.WriteAsync(payload.AsMemory(0, (int)Math.Min(BufferBytes, left)), cancel).ConfigureAwait(false);
        }
        await sender.FlushAsync(cancel).ConfigureAwait(false);
        await reading.ConfigureAwait(false);
        return bytes / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static X509Certificate2 ThrowawayCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dumbofl loopback bench", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }
}
