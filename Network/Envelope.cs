namespace DumboFL.Network;

/// <summary>
/// What the transport carries: opaque payload bytes tagged with a channel (1 consensus, 2 block sync and
/// status, 3 cross-shard, 4 swarm), the sender's shard and an epoch. The payload may be shared by several
/// sends (encoded once for all peers); the transport never mutates it.
/// </summary>
public readonly record struct Envelope(int Channel, uint Shard, ulong Epoch, ReadOnlyMemory<byte> Payload);
