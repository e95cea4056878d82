using DumboFL.Core.Hashing;
using DumboFL.Learning.Chunks;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Learning.Tests;

/// <summary>The chunk store's contract: keyed by (round, client, index), content-addressed, bitfields in memory, retention per kind.</summary>
[TestFixture]
public sealed class ChunkStoreTests
{
    private string _directory = "";

    private string DatabasePath => Path.Combine(_directory, "chunks.sqlite");

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("dumbofl-chunks-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static byte[] Bytes(int seed, int length = 2048)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_chunk_comes_back_bit_exact_and_survives_reopening(bool compress)
    {
        var random = Bytes(1);
        var zeros = new byte[4096]; // compressible
        using (var store = ChunkStore.Open(DatabasePath, compress))
        {
            Assert.That(store.Put(new ChunkKey(3, "alice", 0), MerkleHash.Leaf(random), random, local: true, verified: true), Is.True);
            Assert.That(store.Put(new ChunkKey(3, "alice", 5), MerkleHash.Leaf(zeros), zeros, local: true, verified: true), Is.True);
            Assert.That(store.Put(new ChunkKey(3, "alice", 0), MerkleHash.Leaf(random), random, local: true, verified: true), Is.False, "already there");
        }
        using var reopened = ChunkStore.Open(DatabasePath, compress);
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Get(new ChunkKey(3, "alice", 0)), Is.EqualTo(random));
            Assert.That(reopened.Get(new ChunkKey(3, "alice", 5)), Is.EqualTo(zeros));
            Assert.That(reopened.Get(new ChunkKey(3, "alice", 1)), Is.Null);
            Assert.That(reopened.Has(3, "alice", 5) && !reopened.Has(3, "alice", 4), Is.True, "bitfields rebuilt from the file");
            Assert.That(reopened.Present(3, "alice").Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void Deferred_chunks_are_readable_at_once_and_durable_only_after_the_flush()
    {
        var first = Bytes(3);
        var second = Bytes(4);
        using var store = ChunkStore.Open(DatabasePath);
        Assert.That(store.Put(new ChunkKey(1, "a", 0), MerkleHash.Leaf(first), first, local: false, verified: true, deferCommit: true), Is.True);
        Assert.That(store.Put(new ChunkKey(1, "a", 1), MerkleHash.Leaf(second), second, local: false, verified: true, deferCommit: true), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(store.Get(new ChunkKey(1, "a", 1)), Is.EqualTo(second), "this store reads its open group");
            Assert.That(store.Has(1, "a", 0), Is.True);
            Assert.That(store.HasUnflushed, Is.True);
            Assert.That(CommittedRows(), Is.Zero, "nothing is committed before the flush");
        });
        store.Flush();
        Assert.Multiple(() =>
        {
            Assert.That(store.HasUnflushed, Is.False);
            Assert.That(CommittedRows(), Is.EqualTo(2));
        });
        // A durable put while a group is open commits the group with it.
        store.Put(new ChunkKey(2, "a", 0), MerkleHash.Leaf(first), first, local: false, verified: true, deferCommit: true);
        store.Put(new ChunkKey(2, "b", 0), MerkleHash.Leaf(second), second, local: true, verified: true);
        Assert.That(CommittedRows(), Is.EqualTo(4));
    }

    /// <summary>Rows another connection sees: what a crash would leave.</summary>
    private long CommittedRows()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM chunks";
        return (long)command.ExecuteScalar()!;
    }

    [Test]
    public void The_same_bytes_in_two_updates_are_stored_once()
    {
        using var store = ChunkStore.Open(DatabasePath);
        var shared = Bytes(2);
        store.Put(new ChunkKey(1, "alice", 0), MerkleHash.Leaf(shared), shared, local: false, verified: true);
        store.Put(new ChunkKey(1, "bob", 3), MerkleHash.Leaf(shared), shared, local: false, verified: true);
        Assert.Multiple(() =>
        {
            Assert.That(store.DistinctPayloads, Is.EqualTo(1));
            Assert.That(store.Get(new ChunkKey(1, "bob", 3)), Is.EqualTo(shared));
        });
    }

    [Test]
    public void Bytes_that_do_not_hash_to_the_given_hash_are_refused()
    {
        using var store = ChunkStore.Open(DatabasePath);
        var bytes = Bytes(3);
        Assert.That(() => store.Put(new ChunkKey(1, "mallory", 0), Hash32.Of([1]), bytes, local: false, verified: false), Throws.TypeOf<InvalidDataException>());
        Assert.That(store.Has(1, "mallory", 0), Is.False);
    }

    [Test]
    public void Local_and_remote_chunks_keep_their_own_number_of_rounds()
    {
        using var store = ChunkStore.Open(DatabasePath, retention: new ChunkRetention(LocalRounds: 2, RemoteRounds: 5));
        for (var round = 0UL; round < 8; round++)
        {
            var mine = Bytes((int)round * 2);
            var theirs = Bytes((int)(round * 2) + 1);
            store.Put(new ChunkKey(round, "me", 0), MerkleHash.Leaf(mine), mine, local: true, verified: true);
            store.Put(new ChunkKey(round, "peer", 0), MerkleHash.Leaf(theirs), theirs, local: false, verified: true);
        }
        var dropped = store.Prune(currentRound: 7);
        var localKept = Enumerable.Range(0, 8).Where(r => store.Has((ulong)r, "me", 0)).ToArray();
        var remoteKept = Enumerable.Range(0, 8).Where(r => store.Has((ulong)r, "peer", 0)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(localKept, Is.EqualTo(new[] { 6, 7 }));
            Assert.That(remoteKept, Is.EqualTo(new[] { 3, 4, 5, 6, 7 }));
            Assert.That(dropped, Is.EqualTo(6 + 3));
            Assert.That(store.DistinctPayloads, Is.EqualTo(7), "payloads nobody uses are gone too");
            Assert.That(store.Get(new ChunkKey(5, "me", 0)), Is.Null);
        });
    }

    [Test]
    public void A_bitfield_grows_and_counts_each_index_once()
    {
        var bits = new Bitfield();
        bits.Set(0);
        bits.Set(200);
        bits.Set(200);
        Assert.Multiple(() =>
        {
            Assert.That(bits.Count, Is.EqualTo(2));
            Assert.That(bits.Get(200) && bits.Get(0) && !bits.Get(199) && !bits.Get(-1) && !bits.Get(100_000), Is.True);
        });
    }
}
