using System.Buffers.Binary;

namespace DumboFL.Simulator;

/// <summary>
/// The items each node is given before the run: E × ⌈B/n⌉ of its own, plus about one in ten submitted to
/// it and to the next node at once (de-duplication must keep one copy). Every item is unique: a header
/// (kind, shard, node, index) followed by seeded filler up to the item size.
/// </summary>
public sealed class ItemLoad
{
    private const byte OwnItem = 0x01;
    private const byte SharedItem = 0x02;

    private ItemLoad(IReadOnlyList<IReadOnlyList<byte[]>> perNode) => PerNode = perNode;

    /// <summary>Items for node i, in the order they are submitted.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>> PerNode { get; }

    public static ItemLoad Create(int n, int shard, int epochs, int batch, int itemSize, ulong seed)
    {
        var perProposal = (batch + n - 1) / n;
        var own = (long)epochs * perProposal;
        var shared = Math.Max(1, own / 10);
        var lists = Enumerable.Range(0, n).Select(_ => new List<byte[]>()).ToArray();
        for (var node = 0; node < n; node++)
        {
            var random = DeterministicRandom.For(seed, "load", node);
            for (var i = 0; i < own; i++)
            {
                lists[node].Add(Item(OwnItem, shard, node, i, itemSize, random));
            }
            if (n > 1)
            {
                for (var i = 0; i < shared; i++)
                {
                    var item = Item(SharedItem, shard, node, i, itemSize, random);
                    lists[node].Add(item);
                    lists[(node + 1) % n].Add(item);
                }
            }
        }
        return new ItemLoad(lists.Select((list, node) =>
            (IReadOnlyList<byte[]>)DeterministicRandom.For(seed, "load-order", node).Shuffle(list)).ToArray());
    }

    private static byte[] Item(byte kind, int shard, int node, int index, int size, DeterministicRandom random)
    {
        var item = new byte[size];
        random.NextBytes(item);
        item[0] = kind;
        item[1] = (byte)shard;
        BinaryPrimitives.WriteUInt16LittleEndian(item.AsSpan(2), (ushort)node);
        BinaryPrimitives.WriteUInt32LittleEndian(item.AsSpan(4), (uint)index);
        return item;
    }
}
