using DumboFL.Core.Hashing;
using DumboFL.Learning.Chunks;
using DumboFL.Learning.Rounds;
using DumboFL.Ledger.Entries;

namespace DumboFL.Learning.Tests;

/// <summary>The ledger-driven round rules: complete updates, f+1 holders, and a cut decided once, at a block boundary.</summary>
public class RoundBookTests
{
    private static readonly string[] s_clients = ["0-0", "0-1", "0-2", "0-3"];

    /// <summary>A client's update of <paramref name="chunks"/> chunks: its chunk commits and its model update.</summary>
    private static (LedgerEntry[] Chunks, ModelUpdate Update) UpdateOf(ulong round, string client, int chunks = 2)
    {
        var bytes = Enumerable.Range(0, (chunks * ChunkedUpdate.MinChunkSize) - 10).Select(i => unchecked((byte)(i + (31 * client[^1])))).ToArray();
        var update = ChunkedUpdate.Of(bytes, ChunkedUpdate.MinChunkSize);
        var commits = Enumerable.Range(0, update.Count)
            .Select(i => (LedgerEntry)new ChunkCommit(round, client, (uint)i, update.Hashes[i], (uint)update.Chunk(i).Length)).ToArray();
        return (commits, new ModelUpdate(round, client, update.Root, (uint)update.Count, 100));
    }

    private static UpdateHeld Held(ulong round, string client, Hash32 root, int holder) => new(round, client, root, 0, holder, [1]);

    [Test]
    public void The_cut_is_taken_at_the_first_block_with_n_minus_f_available_updates_and_never_changes()
    {
        var book = new RoundBook(s_clients, faults: 1);
        var updates = s_clients.Select(c => UpdateOf(3, c)).ToArray();
        book.AddBlock(updates.SelectMany(u => u.Chunks.Append(u.Update)));
        Assert.That(book.TakeNewlyComplete().Select(u => u.Client), Is.EqualTo(s_clients));

        // Clients 0-2 and 0-0 get two holders each, 0-1 only one: two available, below n − f = 3.
        book.AddBlock([Held(3, "0-2", updates[2].Update.UpdateRoot, 2), Held(3, "0-2", updates[2].Update.UpdateRoot, 0),
            Held(3, "0-0", updates[0].Update.UpdateRoot, 0), Held(3, "0-0", updates[0].Update.UpdateRoot, 3),
            Held(3, "0-1", updates[1].Update.UpdateRoot, 1)]);
        Assert.That(book.Cut(3), Is.Null);

        // One block makes 0-1 and 0-3 available at once: both are in the cut.
        book.AddBlock([Held(3, "0-1", updates[1].Update.UpdateRoot, 2), Held(3, "0-3", updates[3].Update.UpdateRoot, 3), Held(3, "0-3", updates[3].Update.UpdateRoot, 1)]);
        Assert.That(book.Cut(3)!.Select(u => u.Client), Is.EqualTo(s_clients));

        var book2 = new RoundBook(s_clients, faults: 1);
        book2.AddBlock(updates.SelectMany(u => u.Chunks.Append(u.Update)));
        book2.AddBlock([Held(3, "0-2", updates[2].Update.UpdateRoot, 2), Held(3, "0-2", updates[2].Update.UpdateRoot, 0),
            Held(3, "0-0", updates[0].Update.UpdateRoot, 0), Held(3, "0-0", updates[0].Update.UpdateRoot, 3),
            Held(3, "0-1", updates[1].Update.UpdateRoot, 1), Held(3, "0-1", updates[1].Update.UpdateRoot, 3)]);
        var decided = book2.Cut(3)!.Select(u => u.Client).ToArray();
        Assert.That(decided, Is.EqualTo(new[] { "0-0", "0-1", "0-2" }));
        book2.AddBlock([Held(3, "0-3", updates[3].Update.UpdateRoot, 3), Held(3, "0-3", updates[3].Update.UpdateRoot, 1)]);
        Assert.That(book2.Cut(3)!.Select(u => u.Client), Is.EqualTo(decided), "a decided cut never grows");
    }

    [Test]
    public void Holders_count_once_each_and_only_for_the_committed_root()
    {
        var book = new RoundBook(s_clients, faults: 1);
        var (chunks, update) = UpdateOf(0, "0-1");
        book.AddBlock(chunks.Append(update));
        book.AddBlock([Held(0, "0-1", update.UpdateRoot, 1), Held(0, "0-1", update.UpdateRoot, 1), Held(0, "0-1", Hash32.Of([9]), 2)]);
        Assert.That(book.Holders(0, "0-1"), Is.EqualTo(1));
        book.AddBlock([Held(0, "0-1", update.UpdateRoot, 2)]);
        Assert.That(book.Holders(0, "0-1"), Is.EqualTo(2));
    }

    [Test]
    public void An_update_is_complete_only_with_every_chunk_commit_and_chunks_that_make_its_root()
    {
        var book = new RoundBook(s_clients, faults: 1);
        var (chunks, update) = UpdateOf(0, "0-1", chunks: 3);
        book.AddBlock([update, chunks[0], chunks[2]]);
        Assert.That(book.TakeNewlyComplete(), Is.Empty, "chunk 1 is not committed yet");
        book.AddBlock([chunks[1]]);
        Assert.That(book.TakeNewlyComplete().Single().ChunkHashes, Has.Count.EqualTo(3));

        var (otherChunks, other) = UpdateOf(0, "0-2", chunks: 2);
        var forged = (ChunkCommit)otherChunks[1] with { ChunkHash = Hash32.Of([1]) };
        book.AddBlock([other, otherChunks[0], forged, otherChunks[1]]);
        Assert.That(book.TakeNewlyComplete(), Is.Empty, "the first commit of an index counts, and it does not make the root");
    }

    [Test]
    public void An_update_of_another_shape_than_the_experiments_is_never_complete()
    {
        var (chunks, update) = UpdateOf(0, "0-1", chunks: 3);
        var sizes = chunks.Cast<ChunkCommit>().Select(c => (int)c.Size).ToArray();
        var length = sizes.Sum();
        var fits = new RoundBook(s_clients, faults: 1, new UpdateShape(length, ChunkedUpdate.MinChunkSize));
        fits.AddBlock(chunks.Append(update));
        var larger = new RoundBook(s_clients, faults: 1, new UpdateShape(length + 1, ChunkedUpdate.MinChunkSize));
        larger.AddBlock(chunks.Append(update));
        Assert.Multiple(() =>
        {
            Assert.That(fits.TakeNewlyComplete(), Has.Count.EqualTo(1));
            Assert.That(larger.TakeNewlyComplete(), Is.Empty, "one byte more than an honest update: nobody fetches it");
            Assert.That(new UpdateShape(5000, 1024).Fits([1024, 1024, 1024, 1024, 904]), Is.True);
            Assert.That(new UpdateShape(5000, 1024).Fits([1024, 1024, 1024, 904, 1024]), Is.False);
            Assert.That(new UpdateShape(5000, 1024).Fits([1024, 1024, 1024, 1024]), Is.False);
        });
    }

    [Test]
    public void Updates_of_clients_outside_the_shard_are_ignored()
    {
        var book = new RoundBook(s_clients, faults: 1);
        var (chunks, update) = UpdateOf(0, "1-0");
        book.AddBlock(chunks.Append(update));
        Assert.Multiple(() =>
        {
            Assert.That(book.TakeNewlyComplete(), Is.Empty);
            Assert.That(book.Update(0, "1-0"), Is.Null);
        });
    }
}
