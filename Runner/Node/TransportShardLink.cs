using DumboFL.Network;

namespace DumboFL.Runner.Node;

/// <summary>The core's <see cref="IShardLink"/> over the transport: node index i of this shard is peer "S-i".</summary>
public sealed class TransportShardLink : IShardLink
{
    private readonly Transport _transport;
    private readonly uint _shard;
    private readonly string[] _peerIds;

    public TransportShardLink(Transport transport, uint shard, IReadOnlyList<string> peerIdsByIndex)
    {
        _transport = transport;
        _shard = shard;
        _peerIds = [.. peerIdsByIndex];
    }

    public void Send(int node, int channel, ulong epoch, ReadOnlyMemory<byte> payload) =>
        _transport.Send(_peerIds[node], new Envelope(channel, _shard, epoch, payload));

    public void Broadcast(int channel, ulong epoch, ReadOnlyMemory<byte> payload) =>
        _transport.SendToShard(_shard, new Envelope(channel, _shard, epoch, payload));
}

/// <summary>The core's <see cref="ICrossShardLink"/> over the transport: node i of shard s is the map's id for (s, i).</summary>
public sealed class TransportCrossShardLink(Transport transport, uint shard, DumboFL.Shards.ShardMap map) : ICrossShardLink
{
    // The envelope carries the sender's own shard; the receiver checks it against the sender's authenticated id.
    public void Send(uint toShard, int index, ReadOnlyMemory<byte> payload) =>
        transport.Send(map.NodeId(toShard, index), new Envelope(Channels.CrossShard, shard, 0, payload));
}
