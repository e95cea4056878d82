using DumboFL.Ledger.Blocks;

namespace DumboFL.Runner.Node;

/// <summary>Messages of the block-sync channel: status gossip and block fetch between nodes of one shard.</summary>
public abstract record SyncMessage;

/// <summary>
/// "Every block of every epoch before <see cref="Epoch"/> is in my ledger, whose height is <see cref="Height"/>
/// (null: empty)." Sent once a second to the shard; <see cref="Syncing"/> says the sender is not running consensus.
/// </summary>
public sealed record SyncStatus(ulong? Height, ulong Epoch, bool Syncing) : SyncMessage;

/// <summary>Asks for the certified blocks from <see cref="From"/> on, at most <see cref="Count"/>.</summary>
public sealed record BlockRequest(ulong From, int Count) : SyncMessage;

/// <summary>Certified blocks in height order (each with its certificate); fewer than asked when the responder has no more.</summary>
public sealed record BlockResponse(IReadOnlyList<Block> Blocks) : SyncMessage;
