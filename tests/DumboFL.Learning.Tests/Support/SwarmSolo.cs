using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;

namespace DumboFL.Learning.Tests.Support;

/// <summary>One swarm engine driven by hand: the test plays its neighbours, message by message.</summary>
internal sealed class SwarmSolo : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumbofl-swarm-solo-").FullName;

    public SwarmSolo(string self, IReadOnlyCollection<string> neighbours, SwarmOptions? options = null)
    {
        Store = ChunkStore.Open(Path.Combine(_directory, "chunks.sqlite"));
        Engine = new SwarmEngine(self, neighbours, Store, options ?? new SwarmOptions(), Time);
    }

    public ManualTime Time { get; } = new();

    public ChunkStore Store { get; }

    public SwarmEngine Engine { get; }

    /// <summary>A seeded update of <paramref name="chunks"/> full chunks and the committed description of it.</summary>
    public static (SwarmUpdate Update, ChunkedUpdate Chunks) Update(string client, ulong round, int chunks, int seed, int chunkSize = 1024, int priority = 0)
    {
        var bytes = new byte[chunks * chunkSize];
        new Random(seed).NextBytes(bytes);
        var chunked = ChunkedUpdate.Of(bytes, chunkSize);
        return (SwarmHarness.Describe(round, client, chunked, priority), chunked);
    }

    /// <summary>Stores the update as this node's own, then tracks it (the node's order).</summary>
    public void Own(SwarmUpdate update, ChunkedUpdate chunks)
    {
        for (var i = 0; i < chunks.Count; i++)
        {
            Store.Put(new ChunkKey(update.Round, update.Client, i), chunks.Hashes[i], chunks.Chunk(i).Span, local: true, verified: true);
        }
        Engine.Track(update);
    }

    public List<SwarmSend> Take() => Engine.TakeOutbox().ToList();

    public static BitfieldMessage Everything(SwarmUpdate update)
    {
        var count = update.ChunkHashes.Count;
        var bits = new byte[(count + 7) / 8];
        for (var i = 0; i < count; i++)
        {
            bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new BitfieldMessage(update.Round, update.Client, count, bits);
    }

    public static Piece PieceOf(SwarmUpdate update, ChunkedUpdate chunks, int index) =>
        new(update.Round, update.Client, index, chunks.Chunk(index).ToArray());

    public static IEnumerable<T> To<T>(IEnumerable<SwarmSend> sends, string peer) where T : SwarmMessage =>
        sends.Where(s => s.Peer == peer).Select(s => s.Message).OfType<T>();

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
