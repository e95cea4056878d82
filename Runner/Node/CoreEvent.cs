using DumboFL.Consensus;

namespace DumboFL.Runner.Node;

/// <summary>What reaches the core loop. Everything the core does starts from one of these, on its one thread.</summary>
public abstract record CoreEvent;

/// <summary>A decoded consensus message from node <see cref="Sender"/> of this shard.</summary>
public sealed record ConsensusArrived(int Sender, ConsensusMessage Message) : CoreEvent;

public sealed record SyncArrived(int Sender, SyncMessage Message) : CoreEvent;

/// <summary>Entries from the client API (already decoded), with the time they arrived.</summary>
public sealed record EntriesSubmitted(IReadOnlyList<DecodedEntry> Entries, long ArrivalTimestamp, TaskCompletionSource<SubmitOutcome> Reply) : CoreEvent;

public sealed record StatusRequested(TaskCompletionSource<NodeStatus> Reply) : CoreEvent;

/// <summary>Once a second: status gossip, sync requests, housekeeping.</summary>
public sealed record Tick : CoreEvent;

/// <summary>A short timer beat (a fraction of the epoch interval): opens an epoch whose pacing interval has passed.</summary>
public sealed record PaceTick : CoreEvent;

/// <summary>A cross-shard protocol message from node <paramref name="Index"/> of shard <paramref name="Shard"/> (docs/CROSS_SHARD.md).</summary>
public sealed record CrossShardArrived(uint Shard, int Index, DumboFL.Shards.CrossShardMessage Message) : CoreEvent;
