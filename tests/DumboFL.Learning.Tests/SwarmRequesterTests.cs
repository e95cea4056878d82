using DumboFL.Learning.Chunks;
using DumboFL.Learning.Swarm;
using DumboFL.Learning.Tests.Support;

namespace DumboFL.Learning.Tests;

/// <summary>The requester over in-memory links: byte-based pipelining, end-game only at the end, at most two requests per chunk, cancel on arrival, timeouts.</summary>
[TestFixture]
public sealed class SwarmRequesterTests
{
    private const int Chunk = 1024;
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(10);

    private static byte[] Bytes(int seed, int chunks)
    {
        var bytes = new byte[chunks * Chunk];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static bool IsPieceFrom(string from, string to, SwarmMessage message, string sender) => from == sender && to == "a" && message is Piece;

    [TestCase(1)]
    [TestCase(2)]
    public void Pipelining_stops_at_the_byte_limit(int seed)
    {
        using var swarm = SwarmHarness.FullyConnected(["a", "b"], seed, node => new SwarmOptions { Seed = seed, MaxBytesInFlightPerPeer = 4 * Chunk });
        var bytes = Bytes(seed, 20);
        var update = swarm.Publish("b", 1, bytes, Chunk);
        swarm.Engines["b"].Track(update);
        swarm.Engines["a"].Track(update);
        for (var batch = 1; batch <= 5; batch++)
        {
            swarm.Hold = (from, to, message) => IsPieceFrom(from, to, message, "b");
            for (var i = 0; i < 4; i++)
            {
                swarm.Step(Moment);
            }
            Assert.That(swarm.SentOf<Request>().Count(r => r.From == "a"), Is.EqualTo(4 * batch), $"seed {seed}: batch {batch}, pieces held back");
            swarm.Release();
            swarm.Deliver();
        }
        swarm.Deliver();
        Assert.Multiple(() =>
        {
            Assert.That(swarm.Engines["a"].IsComplete(1, "b"), Is.True, $"seed {seed}");
            Assert.That(swarm.Reassemble("a", update, Chunk), Is.EqualTo(bytes), $"seed {seed}");
            Assert.That(swarm.Engines["a"].Counters.RequestsSent, Is.EqualTo(20), $"seed {seed}");
        });
    }

    /// <summary>
    /// a fetches 24 chunks from four holders whose copies are equal; c's pieces are held back, so its chunks are the
    /// stragglers the end-game must fetch elsewhere.
    /// </summary>
    private static (SwarmHarness Swarm, SwarmUpdate Update, byte[] Bytes) SlowPeerScenario(int seed)
    {
        var swarm = SwarmHarness.FullyConnected(["a", "b", "c", "d", "e"], seed, node => new SwarmOptions { Seed = seed, MaxBytesInFlightPerPeer = 3 * Chunk });
        var bytes = Bytes(seed, 24);
        var update = swarm.Publish("b", 1, bytes, Chunk);
        foreach (var holder in new[] { "c", "d", "e" })
        {
            swarm.StoreCopy(holder, update, bytes, Chunk);
        }
        swarm.TrackEverywhere(update);
        swarm.Hold = (from, to, message) => IsPieceFrom(from, to, message, "c");
        for (var i = 0; i < 30; i++)
        {
            swarm.Step(Moment);
        }
        return (swarm, update, bytes);
    }

    private static IEnumerable<int> Requested(SwarmHarness swarm, string to) =>
        swarm.SentOf<Request>().Where(r => r.From == "a" && r.To == to).Select(r => r.Message.Index);

    [TestCase(3)]
    [TestCase(4)]
    public void End_game_starts_only_when_every_missing_chunk_is_requested(int seed)
    {
        var (swarm, update, _) = SlowPeerScenario(seed);
        using (swarm)
        {
            var stuck = Requested(swarm, "c").ToArray();
            Assert.That(stuck, Has.Length.EqualTo(3), $"seed {seed}: c keeps its first three requests");
            Assert.That(swarm.SentOf<Request>().Count(r => r.From == "a"), Is.EqualTo(24), $"seed {seed}: no duplicate while the other pieces stream in");

            swarm.Step(TimeSpan.FromSeconds(1.5));
            swarm.Deliver(); // the duplicates go out
            swarm.Deliver(); // their pieces come back

            var requests = swarm.SentOf<Request>().Where(r => r.From == "a").Select(r => r.Message.Index).ToArray();
            var firstDuplicate = Enumerable.Range(0, requests.Length).First(i => requests.Take(i).Contains(requests[i]));
            Assert.Multiple(() =>
            {
                Assert.That(requests.Take(firstDuplicate).Distinct().Count(), Is.EqualTo(update.ChunkHashes.Count), $"seed {seed}: every chunk requested before any duplicate");
                Assert.That(requests.Skip(firstDuplicate), Is.EquivalentTo(stuck), $"seed {seed}: the duplicates are exactly the stuck chunks");
                Assert.That(swarm.Engines["a"].IsComplete(1, "b"), Is.True, $"seed {seed}: completed without c");
            });
        }
    }

    [TestCase(3)]
    [TestCase(5)]
    public void End_game_never_has_more_than_two_requests_per_chunk(int seed)
    {
        var (swarm, _, _) = SlowPeerScenario(seed);
        using (swarm)
        {
            // Three idle holders could each take every stuck chunk; the cap allows one duplicate per chunk.
            for (var i = 0; i < 5; i++)
            {
                swarm.Step(TimeSpan.FromSeconds(1.5));
            }
            var perChunk = swarm.SentOf<Request>().Where(r => r.From == "a").GroupBy(r => r.Message.Index).Select(g => g.Count()).ToArray();
            Assert.That(perChunk.Max(), Is.EqualTo(2), $"seed {seed}");
        }
    }

    [TestCase(3)]
    [TestCase(6)]
    public void A_verified_piece_cancels_the_other_requests_for_it(int seed)
    {
        var (swarm, update, bytes) = SlowPeerScenario(seed);
        using (swarm)
        {
            var stuck = Requested(swarm, "c").ToArray();
            swarm.Step(TimeSpan.FromSeconds(1.5));
            swarm.Deliver(); // the duplicates go out
            swarm.Deliver(); // their pieces come back
            swarm.Deliver(); // the cancels go out
            var cancels = swarm.SentOf<Cancel>().Where(c => c.From == "a").ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(cancels.Select(c => c.To), Is.All.EqualTo("c"), $"seed {seed}");
                Assert.That(cancels.Select(c => c.Message.Index), Is.EquivalentTo(stuck), $"seed {seed}");
                Assert.That(swarm.Engines["a"].Counters.CancelsSent, Is.EqualTo(3), $"seed {seed}");
            });

            // c's pieces were already on the wire: they arrive late, are dropped, and change nothing.
            swarm.Release();
            swarm.Deliver();
            Assert.Multiple(() =>
            {
                Assert.That(swarm.Engines["a"].Counters.PiecesUnwanted, Is.EqualTo(3), $"seed {seed}");
                Assert.That(swarm.Engines["a"].Counters.PiecesAccepted, Is.EqualTo(24), $"seed {seed}");
                Assert.That(swarm.Reassemble("a", update, Chunk), Is.EqualTo(bytes), $"seed {seed}");
            });
        }
    }

    [TestCase(7)]
    public void A_request_that_times_out_is_asked_of_another_peer(int seed)
    {
        using var swarm = SwarmHarness.FullyConnected(["a", "b", "c"], seed, node => new SwarmOptions { Seed = seed, MaxBytesInFlightPerPeer = 2 * Chunk, MaxRequestsPerChunkInEndGame = 1 });
        var bytes = Bytes(seed, 10);
        var update = swarm.Publish("b", 1, bytes, Chunk);
        swarm.StoreCopy("c", update, bytes, Chunk);
        swarm.TrackEverywhere(update);
        // b never answers: its requests must move to c once RequestTimeout passes.
        swarm.Hold = (from, to, message) => IsPieceFrom(from, to, message, "b");
        var steps = swarm.RunUntil(() => swarm.Engines["a"].IsComplete(1, "b"), TimeSpan.FromSeconds(1), maxSteps: 30);
        var atB = Requested(swarm, "b").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(steps, Is.GreaterThanOrEqualTo(5), $"seed {seed}: completes only after the timeout");
            Assert.That(atB, Is.Not.Empty, $"seed {seed}");
            Assert.That(swarm.SentOf<Cancel>().Where(c => c.From == "a" && c.To == "b").Select(c => c.Message.Index), Is.EquivalentTo(atB), $"seed {seed}: timed-out requests are withdrawn");
            Assert.That(Requested(swarm, "c"), Is.SupersetOf(atB), $"seed {seed}: and asked of c");
            Assert.That(swarm.Reassemble("a", update, Chunk), Is.EqualTo(bytes), $"seed {seed}");
        });
    }
}
