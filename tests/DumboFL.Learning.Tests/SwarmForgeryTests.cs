using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;
using DumboFL.Learning.Tests.Support;

namespace DumboFL.Learning.Tests;

/// <summary>A chunk is only ever what the ledger committed: forged or corrupted pieces are rejected, their senders banned, and the swarm completes from honest peers.</summary>
[TestFixture]
public sealed class SwarmForgeryTests
{
    private const int Chunk = 1024;

    [TestCase(1)]
    public void A_forged_piece_is_rejected_because_it_does_not_match_the_committed_hash(int seed)
    {
        using var node = new SwarmSolo("a", ["m"], new SwarmOptions { Seed = seed });
        var (committed, chunks) = SwarmSolo.Update("src", 1, 4, seed);
        // The forger's own update: self-consistent chunks and hashes, just not the committed ones.
        var (_, forged) = SwarmSolo.Update("src", 1, 4, seed + 1000);
        node.Engine.Track(committed);
        node.Take();
        node.Engine.Handle("m", SwarmSolo.Everything(committed));
        node.Engine.Handle("m", new Choke(false));
        Assert.That(SwarmSolo.To<Request>(node.Take(), "m").Select(r => r.Index), Does.Contain(0), $"seed {seed}");

        node.Engine.Handle("m", new Piece(1, "src", 0, forged.Chunk(0).ToArray()));
        var afterForgery = node.Take();
        Assert.Multiple(() =>
        {
            Assert.That(node.Engine.Counters.PiecesRejected, Is.EqualTo(1), $"seed {seed}");
            Assert.That(node.Store.Has(1, "src", 0), Is.False, $"seed {seed}: never stored");
            Assert.That(afterForgery.Select(s => s.Message).OfType<Have>(), Is.Empty, $"seed {seed}: never announced");
            Assert.That(SwarmSolo.To<Request>(afterForgery, "m").Select(r => r.Index), Is.EqualTo(new[] { 0 }), $"seed {seed}: asked again");
            Assert.That(node.Engine.Banned, Is.Empty, $"seed {seed}: one failure is not yet a ban");
        });

        node.Engine.Handle("m", new Piece(1, "src", 0, chunks.Chunk(0).ToArray()[..^1]));
        Assert.That(node.Engine.Counters.PiecesRejected, Is.EqualTo(2), $"seed {seed}: a piece of the wrong size is rejected too");
        node.Take();
        node.Engine.Handle("m", SwarmSolo.PieceOf(committed, chunks, 0));
        Assert.Multiple(() =>
        {
            Assert.That(node.Engine.Counters.PiecesAccepted, Is.EqualTo(1), $"seed {seed}: the honest piece is taken");
            Assert.That(node.Store.Get(new ChunkKey(1, "src", 0)), Is.EqualTo(chunks.Chunk(0).ToArray()), $"seed {seed}");
        });
    }

    [TestCase(2)]
    [TestCase(3)]
    public void Peers_ban_a_corrupting_peer_and_still_complete_from_honest_ones(int seed)
    {
        var options = new SwarmOptions { Seed = seed, MaxBytesInFlightPerPeer = 2 * Chunk };
        using var swarm = SwarmHarness.FullyConnected(["n0", "n1", "n2", "n3"], seed, node => options with { CorruptServedPieces = node == "n1" });
        var bytes = new byte[32 * Chunk];
        new Random(seed).NextBytes(bytes);
        var update = swarm.Publish("n0", 1, bytes, Chunk);
        swarm.StoreCopy("n1", update, bytes, Chunk);
        swarm.TrackEverywhere(update);

        var steps = swarm.RunUntil(() => swarm.Engines["n2"].IsComplete(1, "n0") && swarm.Engines["n3"].IsComplete(1, "n0"), TimeSpan.FromMilliseconds(50), maxSteps: 500);

        Assert.That(steps, Is.GreaterThanOrEqualTo(0), $"seed {seed}: the honest peers did not complete");
        Assert.Multiple(() =>
        {
            foreach (var learner in new[] { "n2", "n3" })
            {
                var engine = swarm.Engines[learner];
                Assert.That(engine.Banned, Is.EqualTo(new[] { "n1" }), $"seed {seed}: {learner}");
                Assert.That(engine.Counters.PiecesRejected, Is.EqualTo(options.BanAfterFailures), $"seed {seed}: {learner} stops listening at the ban");
                Assert.That(engine.Counters.PeersBanned, Is.EqualTo(1), $"seed {seed}: {learner}");
                // Unbanned, n1 would be asked for about a third of the 32 chunks; banned, only what was out before the ban.
                Assert.That(swarm.SentOf<Request>().Count(r => r.From == learner && r.To == "n1"), Is.LessThanOrEqualTo(options.BanAfterFailures + 2), $"seed {seed}: {learner} never asks n1 again");
                Assert.That(swarm.Reassemble(learner, update, Chunk), Is.EqualTo(bytes), $"seed {seed}: {learner}");
            }
            Assert.That(swarm.Engines["n0"].Banned, Is.Empty, $"seed {seed}: n0 never asked n1 for anything");
        });
    }
}
