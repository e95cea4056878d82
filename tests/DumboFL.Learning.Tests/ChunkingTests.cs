using DumboFL.Core.Hashing;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Model;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Learning.Tests;

/// <summary>An update cut into chunks: bit-exact round trip, RFC 6962 hashes and root, every tampering caught.</summary>
[TestFixture]
public sealed class ChunkingTests
{
    private static byte[] Update(int parameters, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, parameters).Select(_ => (float)random.NextDouble()).ToArray();
        return new ModelParameters(new ModelLayout([new("w", [parameters])]), values).Encode();
    }

    [TestCase(10_000, 4096)]
    [TestCase(65_536, 65_536)]
    [TestCase(100_003, 1024)]
    public void Chunks_round_trip_bit_exactly_and_the_root_is_the_Merkle_root_of_the_leaf_hashes(int parameters, int chunkSize)
    {
        var bytes = Update(parameters, parameters);
        var update = ChunkedUpdate.Of(bytes, chunkSize);
        var chunks = Enumerable.Range(0, update.Count).Select(update.Chunk).ToArray();

        var back = ChunkedUpdate.Reassemble(chunks, update.Hashes, update.Root, chunkSize);

        Assert.Multiple(() =>
        {
            Assert.That(update.Count, Is.EqualTo((bytes.Length + chunkSize - 1) / chunkSize));
            Assert.That(chunks.Take(update.Count - 1).Select(c => c.Length), Is.All.EqualTo(chunkSize));
            Assert.That(back, Is.EqualTo(bytes));
            Assert.That(update.Hashes, Is.EqualTo(chunks.Select(c => MerkleHash.Leaf(c.Span))));
            Assert.That(update.Root, Is.EqualTo(MerkleTree.FromLeafData(chunks.Select(c => c.ToArray())).Root));
            Assert.That(ModelParameters.Decode(back).Encode(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void A_forged_chunk_with_a_self_consistent_hash_is_refused_against_the_committed_hash()
    {
        var update = ChunkedUpdate.Of(Update(20_000, 5), 4096);
        var chunks = Enumerable.Range(0, update.Count).Select(update.Chunk).ToArray();
        var forged = chunks[3].ToArray();
        forged[100] ^= 0x01;
        // The forger sends its chunk with its own (correct) hash: only the committed hash decides.
        var forgedHash = MerkleHash.Leaf(forged);
        chunks[3] = forged;

        Assert.Multiple(() =>
        {
            Assert.That(ChunkedUpdate.Verify(forged, forgedHash), Is.True, "self-consistent");
            Assert.That(ChunkedUpdate.Verify(forged, update.Hashes[3]), Is.False, "but not the committed chunk");
            Assert.That(() => ChunkedUpdate.Reassemble(chunks, update.Hashes, update.Root, 4096),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains("chunk 3"));
        });
    }

    [Test]
    public void Wrong_counts_sizes_and_roots_are_refused()
    {
        var update = ChunkedUpdate.Of(Update(5_000, 6), 1024);
        var chunks = Enumerable.Range(0, update.Count).Select(update.Chunk).ToList();
        var otherRoot = Hash32.Of([1]);
        Assert.Multiple(() =>
        {
            Assert.That(() => ChunkedUpdate.Reassemble(chunks.Take(chunks.Count - 1).ToList(), update.Hashes, update.Root, 1024), Throws.TypeOf<InvalidDataException>());
            Assert.That(() => ChunkedUpdate.Reassemble(chunks, update.Hashes, otherRoot, 1024), Throws.TypeOf<InvalidDataException>().With.Message.Contains("update root"));
            Assert.That(() => ChunkedUpdate.Reassemble(chunks, update.Hashes, update.Root, 2048), Throws.TypeOf<InvalidDataException>().With.Message.Contains("bytes"));
            Assert.That(() => ChunkedUpdate.Of(new byte[10], 100), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => ChunkedUpdate.Of([], 1024), Throws.ArgumentException);
        });
    }
}
