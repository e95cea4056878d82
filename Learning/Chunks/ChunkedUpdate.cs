using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Learning.Chunks;

/// <summary>
/// An update's canonical bytes cut into fixed-size chunks (the last one shorter): chunk i holds bytes
/// [i·size, (i+1)·size). A chunk's hash is its RFC 6962 leaf hash, and the update root is the Merkle root over the
/// chunk hashes, in order (ARCHITECTURE.md §9). These hashes are what ChunkCommit and ModelUpdate entries commit, and
/// what every received chunk is checked against.
/// </summary>
public sealed class ChunkedUpdate
{
    /// <summary>64 KiB, the default chunk size.</summary>
    public const int DefaultChunkSize = 64 * 1024;

    public const int MinChunkSize = 1024;

    public const int MaxChunkSize = 4 * 1024 * 1024;

    private readonly byte[] _bytes;
    private readonly Hash32[] _hashes;

    private ChunkedUpdate(byte[] bytes, int chunkSize)
    {
        _bytes = bytes;
        ChunkSize = chunkSize;
        _hashes = new Hash32[ChunkCount(bytes.LongLength, chunkSize)];
        for (var i = 0; i < _hashes.Length; i++)
        {
            _hashes[i] = MerkleHash.Leaf(Chunk(i).Span);
        }
        Root = MerkleRoot.Compute(_hashes);
    }

    /// <param name="bytes">The update's canonical encoding (kept, not copied: nobody may write to it afterwards).</param>
    public static ChunkedUpdate Of(byte[] bytes, int chunkSize = DefaultChunkSize)
    {
        CheckChunkSize(chunkSize);
        if (bytes.Length == 0)
        {
            throw new ArgumentException("an update has at least one byte", nameof(bytes));
        }
        return new ChunkedUpdate(bytes, chunkSize);
    }

    public int ChunkSize { get; }

    public int Count => _hashes.Length;

    public long Length => _bytes.LongLength;

    public Hash32 Root { get; }

    public IReadOnlyList<Hash32> Hashes => _hashes;

    public ReadOnlyMemory<byte> Chunk(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ChunkCount(_bytes.LongLength, ChunkSize));
        var start = (long)index * ChunkSize;
        return _bytes.AsMemory((int)start, (int)Math.Min(ChunkSize, _bytes.LongLength - start));
    }

    /// <summary>Chunks a byte length splits into (the last one may be shorter).</summary>
    public static int ChunkCount(long length, int chunkSize) => checked((int)((length + chunkSize - 1) / chunkSize));

    /// <summary>
    /// Puts the chunks back together, each checked against its committed hash first; the result's root must be the
    /// committed root. Returns the bytes, or why they cannot be trusted.
    /// </summary>
    public static byte[] Reassemble(IReadOnlyList<ReadOnlyMemory<byte>> chunks, IReadOnlyList<Hash32> committedHashes, Hash32 committedRoot, int chunkSize)
    {
        CheckChunkSize(chunkSize);
        if (chunks.Count == 0 || chunks.Count != committedHashes.Count)
        {
            throw new InvalidDataException($"{chunks.Count} chunks for {committedHashes.Count} committed hashes");
        }
        if (MerkleRoot.Compute(committedHashes.ToArray()) != committedRoot)
        {
            throw new InvalidDataException("the committed chunk hashes do not make the committed update root");
        }
        var length = 0L;
        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            if ((!last && chunks[i].Length != chunkSize) || (last && (chunks[i].Length == 0 || chunks[i].Length > chunkSize)))
            {
                throw new InvalidDataException($"chunk {i} has {chunks[i].Length} bytes; chunks are {chunkSize} bytes, the last one 1..{chunkSize}");
            }
            if (!Verify(chunks[i].Span, committedHashes[i]))
            {
                throw new InvalidDataException($"chunk {i} does not match its committed hash");
            }
            length += chunks[i].Length;
        }
        var bytes = new byte[length];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.Span.CopyTo(bytes.AsSpan(offset));
            offset += chunk.Length;
        }
        return bytes;
    }

    /// <summary>Whether <paramref name="chunk"/> is the chunk whose leaf hash was committed.</summary>
    public static bool Verify(ReadOnlySpan<byte> chunk, Hash32 committedHash) => MerkleHash.Leaf(chunk) == committedHash;

    private static void CheckChunkSize(int chunkSize)
    {
        if (chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, $"a chunk is {MinChunkSize}..{MaxChunkSize} bytes");
        }
    }
}
