using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using DumboFL.Network.Connections;
using DumboFL.Network.Framing;
using DumboFL.Network.Wire;

namespace DumboFL.Network.Outbound;

internal sealed partial class PeerLink
{
    /// <summary>
    /// TCP connect, TLS as client expecting exactly the peer's pinned key, Hello, HelloAck; then drops what
    /// the peer already has and rewinds the rest for resending. All within the handshake timeout.
    /// </summary>
    private async Task<TlsConnection> ConnectAsync(CancellationToken stop)
    {
        var options = _context.Options;
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        var ct = linked.Token;

        var endpoint = _endpointOverride ?? await ResolveAsync(_peer.Host, _peer.Port, ct).ConfigureAwait(false);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connection = new TlsConnection(socket);
        _current = connection;
        try
        {
            try
            {
                await connection.Ssl.AuthenticateAsClientAsync(_context.Tls.ClientOptions(_peer.Id), ct).ConfigureAwait(false);
            }
            catch (AuthenticationException)
            {
                // Wrong key at that address, or the peer refused ours.
                _context.Counters.HandshakeRejected();
                throw;
            }
            _buffer.Reset();
            FrameWriter.WriteHello(_buffer, _context.SelfId, _context.Incarnation, Protocol.Version);
            await connection.WriteAsync(_buffer.WrittenMemory, ct).ConfigureAwait(false);
            _buffer.Reset();

            var answer = await FrameReading.ReadOneAsync(connection.Reader, options.MaxFrameBytes, _context.Counters, ct)
                .ConfigureAwait(false);
            if (answer?.KindCase != Frame.KindOneofCase.HelloAck)
            {
                if (answer is not null)
                {
                    _context.Counters.FrameMalformed();
                }
                throw new HandshakeRefusedException($"{_peer.Id} did not answer the Hello");
            }
            _queue.Acknowledge(answer.HelloAck.LastDelivered);
            _context.Counters.FramesResentBy(_queue.RewindForResend());
            return connection;
        }
        catch
        {
            _current = null;
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<EndPoint> ResolveAsync(string host, int port, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        // Prefer IPv4, as the listening side does, so "localhost" means the same socket on both ends.
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                     ?? addresses.FirstOrDefault()
                     ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, port);
    }
}
