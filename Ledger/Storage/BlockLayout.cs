using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;

namespace DumboFL.Ledger.Storage;

/// <summary>Where an entry sits in its block: its group (index into the header's group roots) and its leaf index in that group's tree.</summary>
internal readonly record struct EntrySlot(int GroupIndex, int IndexInGroup);

/// <summary>
/// Checks that a block's entries match its header's groups (the store does not recompute Merkle roots, but it
/// does refuse a block whose entries cannot be the leaves its header describes) and locates every entry.
/// </summary>
internal static class BlockLayout
{
    /// <summary>The one check of <see cref="Of"/> that costs nothing: the entry count the header declares.</summary>
    public static void CheckCount(Block block)
    {
        if (block.Entries.Count != block.Header.EntryCount)
        {
            throw new ArgumentException($"block {block.Header.Height} has {block.Entries.Count} entries, its header says {block.Header.EntryCount}", nameof(block));
        }
    }

    public static EntrySlot[] Of(Block block)
    {
        var header = block.Header;
        var entries = block.Entries;
        CheckCount(block);
        var slots = new EntrySlot[entries.Count];
        var position = 0;
        for (var g = 0; g < header.GroupRoots.Count; g++)
        {
            var group = header.GroupRoots[g];
            if (group.Count < 0 || group.Count > entries.Count - position)
            {
                throw new ArgumentException($"block {header.Height}: group {g} ({group.Group}) claims {group.Count} entries, {entries.Count - position} are left", nameof(block));
            }
            for (var i = 0; i < group.Count; i++, position++)
            {
                if (entries[position].Group != group.Group)
                {
                    throw new ArgumentException($"block {header.Height}: entry {position} is a {entries[position].Group} entry inside group {g} ({group.Group})", nameof(block));
                }
                slots[position] = new EntrySlot(g, i);
            }
        }
        if (position != entries.Count)
        {
            throw new ArgumentException($"block {header.Height}: its groups hold {position} entries, the block {entries.Count}", nameof(block));
        }
        var ids = new HashSet<Hash32>(entries.Count);
        foreach (var entry in entries)
        {
            if (!ids.Add(entry.Id))
            {
                throw new ArgumentException($"block {header.Height}: entry {entry.Id} appears twice", nameof(block));
            }
        }
        return slots;
    }
}
