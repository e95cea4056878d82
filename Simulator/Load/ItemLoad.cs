using System.Buffers.Binary;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Validation;

namespace DumboFL.Simulator;

/// <summary>
/// The generated load: each node is given E × ⌈B/n⌉ canonical ledger entries of its own, plus about one in
/// ten submitted to it and to the next node at once (de-duplication must keep one copy), shuffled, before
/// the start. Valid entries are mostly <see cref="Payload"/>s of the item size; one valid own entry in eight
/// is an FL client's entry for round 0 (a <see cref="ModelUpdate"/> the first time a node speaks for one of
/// "its" clients, a <see cref="ChunkCommit"/> otherwise). A share <c>invalid</c> of each node's own and of its
/// shared entries is invalid instead, in the rotation of <see cref="InvalidMix"/>. Every entry is unique.
/// </summary>
public static class ItemLoad
{
    /// <summary>Chunk count of every generated model update; valid chunk commits use indices below it.</summary>
    public const uint ChunksPerUpdate = 16;

    private const byte OwnItem = 0x01;
    private const byte SharedItem = 0x02;
    private const byte OversizeItem = 0x03;
    private const int ClientEntryEvery = 8;
    private const int ClientEntrySlot = 3;

    /// <summary>
    /// The invalid entries, in rotation (the m-th invalid entry of a node has kind m mod 10), with the reason the
    /// validator gives before a cut: unknown client, future round (2–4 while the shard is at round 0), an
    /// intra-shard cross-shard tx whose only input leg is marked invalid, a zero-size chunk (counted as
    /// too_large), a payload one byte over the limit (too_large), and bytes that do not decode (refused at submission).
    /// </summary>
    public static IReadOnlyList<string> InvalidMix { get; } =
    [
        "unknown_client", "future_round", "invalid_leg", "zero_size_chunk", "oversize_payload",
        "unknown_client", "future_round", "invalid_leg", "zero_size_chunk", "undecodable",
    ];

    public static ShardLoad Create(int n, int shard, int epochs, int batch, int itemSize, ulong seed, double invalid = 0)
    {
        var perProposal = (batch + n - 1) / n;
        var own = (long)epochs * perProposal;
        var shared = Math.Max(1, own / 10);
        var invalidOwn = (long)Math.Round(invalid * own, MidpointRounding.AwayFromZero);
        var invalidShared = (long)Math.Round(invalid * shared, MidpointRounding.AwayFromZero);
        var load = new ShardLoad(n);
        for (var node = 0; node < n; node++)
        {
            var random = DeterministicRandom.For(seed, "load", node);
            var invalidCount = 0;
            var validCount = 0;
            for (var i = 0; i < own; i++)
            {
                var (item, expectation) = i < invalidOwn
                    ? Invalid(shard, node, invalidCount++, itemSize, random)
                    : (ValidOwn(n, shard, node, validCount++, itemSize, random), Expectation.Commit);
                load.Add(node, item, expectation);
            }
            if (n > 1)
            {
                for (var i = 0; i < shared; i++)
                {
                    var (item, expectation) = i < invalidShared
                        ? Invalid(shard, node, invalidCount++, itemSize, random)
                        : (new Payload(Filler(SharedItem, shard, node, i, itemSize, random)).Encode(), Expectation.Commit);
                    load.Add(node, item, expectation);
                    load.Add((node + 1) % n, item, expectation);
                }
            }
        }
        load.Shuffle(seed);
        return load;
    }

    /// <summary>The v-th valid own entry of a node.</summary>
    private static byte[] ValidOwn(int n, int shard, int node, int v, int size, DeterministicRandom random)
    {
        if (v % ClientEntryEvery != ClientEntrySlot)
        {
            return new Payload(Filler(OwnItem, shard, node, v, size, random)).Encode();
        }
        // Client c's one update of round 0 comes from node c mod n (so no two nodes submit conflicting updates);
        // chunk commits use indices below the update's chunk count, so they stay valid whenever the update lands.
        var j = v / ClientEntryEvery;
        var client = node + ((long)j * n);
        LedgerEntry entry = client < SimulatedClients.Count
            ? new ModelUpdate(0, SimulatedClients.Name((int)client), random.NextHash(), ChunksPerUpdate, 1 + (ulong)random.Next(10_000))
            : new ChunkCommit(0, SimulatedClients.Name((node + j) % SimulatedClients.Count), (uint)(j % ChunksPerUpdate), random.NextHash(),
                1 + (uint)random.Next(1 << 20));
        return entry.Encode();
    }

    /// <summary>The m-th invalid entry of a node (see <see cref="InvalidMix"/>).</summary>
    public static (byte[] Item, Expectation Expectation) Invalid(int shard, int node, int m, int size, DeterministicRandom random)
    {
        var known = SimulatedClients.Name(m % SimulatedClients.Count);
        var index = (uint)(m % ChunksPerUpdate);
        LedgerEntry entry;
        switch (InvalidMix[m % InvalidMix.Count])
        {
            case "unknown_client":
                entry = new ChunkCommit(0, $"stranger-{shard}-{node}-{m}", 0, random.NextHash(), 1024);
                break;
            case "future_round":
                entry = new ChunkCommit(2 + (ulong)(m % 3), known, index, random.NextHash(), 1024);
                break;
            case "invalid_leg":
                entry = new CrossShardTx(random.NextHash(), [(uint)shard], [false], (uint)shard, true, random.NextBytes(size));
                break;
            case "zero_size_chunk":
                entry = new ChunkCommit(0, known, index, random.NextHash(), 0);
                break;
            case "oversize_payload":
                // One byte over the limit; zeros after a unique header, so it costs memory but no random draws.
                var data = new byte[LedgerRules.Default.MaxPayloadBytes + 1];
                Header(data, OversizeItem, shard, node, m);
                entry = new Payload(data);
                break;
            default:
                var junk = random.NextBytes(Math.Max(size, 8));
                "JUNK"u8.CopyTo(junk);
                BinaryPrimitives.WriteUInt16LittleEndian(junk.AsSpan(4), (ushort)node);
                BinaryPrimitives.WriteUInt16LittleEndian(junk.AsSpan(6), unchecked((ushort)m));
                return (junk, Expectation.Refuse);
        }
        return (entry.Encode(), Expectation.Purge);
    }

    /// <summary>Unique payload bytes: a header (kind, shard, node, index) followed by seeded filler up to the item size.</summary>
    public static byte[] Filler(byte kind, int shard, int node, int index, int size, DeterministicRandom random)
    {
        var item = new byte[size];
        random.NextBytes(item);
        Header(item, kind, shard, node, index);
        return item;
    }

    private static void Header(byte[] item, byte kind, int shard, int node, int index)
    {
        item[0] = kind;
        item[1] = (byte)shard;
        BinaryPrimitives.WriteUInt16LittleEndian(item.AsSpan(2), (ushort)node);
        BinaryPrimitives.WriteUInt32LittleEndian(item.AsSpan(4), (uint)index);
    }
}
