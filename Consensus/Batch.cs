using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>One node's proposal for an epoch: opaque items. The digest is always computed locally, never taken from the wire.</summary>
public sealed class Batch
{
    private Hash32? _digest;

    public Batch(IReadOnlyList<byte[]> items) => Items = items;

    public static Batch Empty { get; } = new([]);

    public IReadOnlyList<byte[]> Items { get; }

    public int ByteSize => Items.Sum(i => i.Length);

    public Hash32 Digest => _digest ??= ComputeDigest();

    private Hash32 ComputeDigest()
    {
        var writer = new CanonicalWriter("dumbofl/batch/v1", 16 + ByteSize + (4 * Items.Count));
        writer.WriteU32((uint)Items.Count);
        foreach (var item in Items)
        {
            writer.WriteBytes(item);
        }
        return writer.Hash();
    }
}
