namespace DumboFL.Runner.Node;

/// <summary>The core's way out to the other nodes of its shard, by index. Never blocks; never delivers to self.</summary>
public interface IShardLink
{
    void Send(int node, int channel, ulong epoch, ReadOnlyMemory<byte> payload);

    void Broadcast(int channel, ulong epoch, ReadOnlyMemory<byte> payload);
}
