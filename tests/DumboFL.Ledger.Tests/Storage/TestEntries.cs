using System.Buffers.Binary;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>
/// Entries of all five kinds whose content is a pure function of their arguments, so a test (or the crash
/// writer process) can rebuild exactly what was stored. Compiled into LedgerCrashWriter too: no NUnit here.
/// </summary>
public static class TestEntries
{
    public static ChunkCommit Chunk(ulong round, string client, uint index) =>
        new(round, client, index, Digest("chunk", round, index, client), 4096 + index);

    public static ModelUpdate Update(ulong round, string client, uint chunks) =>
        new(round, client, Digest("update", round, chunks, client), chunks, 100 + round);

    public static Aggregate Aggregate(ulong round, uint shard) =>
        new(round, shard, Digest("aggregate", round, shard, ""), 1000 * (round + 1));

    public static CrossShardTx CrossShard(ulong tag, uint outputShard, int payloadBytes = 64) =>
        new(Digest("tx", tag, outputShard, ""), [0u, outputShard], [true, true], outputShard, true, Bytes(tag, payloadBytes));

    public static Payload Payload(ulong tag, int bytes) => new(Bytes(tag, bytes));

    /// <summary>
    /// <paramref name="count"/> entries of every kind, distinct from those of any other <paramref name="tag"/>:
    /// chunk commits and model updates of a few clients (round = tag), aggregates, cross-shard txs to three
    /// output shards, payloads.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> Mixed(ulong tag, int count)
    {
        var entries = new LedgerEntry[count];
        for (var i = 0; i < count; i++)
        {
            var n = (ulong)i;
            var client = $"client-{i % 7}";
            entries[i] = (i % 5) switch
            {
                0 => Chunk(tag, client, (uint)i),
                1 => Update(tag, $"{client}/{i}", (uint)(i % 9) + 1),
                2 => Aggregate(tag, (uint)i),
                3 => CrossShard((tag << 20) | n, (uint)(i % 3) + 1, 32 + (i % 64)),
                _ => Payload((tag << 20) | n, 16 + (i % 200)),
            };
        }
        return entries;
    }

    private static Hash32 Digest(string what, ulong a, ulong b, string c)
    {
        var buffer = new byte[16 + System.Text.Encoding.UTF8.GetByteCount(what + c)];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, a);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8), b);
        System.Text.Encoding.UTF8.GetBytes(what + c, buffer.AsSpan(16));
        return Hash32.Of(buffer);
    }

    private static byte[] Bytes(ulong tag, int count)
    {
        var bytes = new byte[count];
        new Random(unchecked((int)tag ^ (int)(tag >> 32))).NextBytes(bytes);
        if (count >= 8)
        {
            // The tag itself makes payloads of different tags distinct whatever the generator draws.
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, tag);
        }
        return bytes;
    }
}
