using DumboFL.Learning.Swarm;
using DumboFL.Learning.Tests.Support;

namespace DumboFL.Learning.Tests;

/// <summary>Upload slots: UploadSlots − 1 by download rate, one optimistic unchoke rotating every OptimisticEvery rounds, and nothing served to a choked peer.</summary>
[TestFixture]
public sealed class SwarmChokingTests
{
    private static readonly string[] Leaves = ["l1", "l2", "l3", "l4", "l5"];

    /// <summary>A hub holding its own update; l1 and l2 have each given it a small update, the others nothing.</summary>
    private static (SwarmSolo Hub, SwarmUpdate Own, Dictionary<string, bool> Unchoked) HubWithGivers(int seed, SwarmOptions options)
    {
        var hub = new SwarmSolo("hub", Leaves, options);
        var (own, ownChunks) = SwarmSolo.Update("hub", 1, 8, seed);
        hub.Own(own, ownChunks);
        var unchoked = Leaves.ToDictionary(l => l, _ => false);
        foreach (var giver in new[] { "l1", "l2" })
        {
            var (theirs, chunks) = SwarmSolo.Update(giver, 1, 4, seed + giver[1]);
            hub.Engine.Track(theirs);
            hub.Engine.Handle(giver, SwarmSolo.Everything(theirs));
            hub.Engine.Handle(giver, new Choke(false));
            foreach (var request in SwarmSolo.To<Request>(hub.Take(), giver).ToArray())
            {
                hub.Engine.Handle(giver, SwarmSolo.PieceOf(theirs, chunks, request.Index));
            }
            Assert.That(hub.Engine.IsComplete(1, giver), Is.True, $"seed {seed}: the hub got {giver}'s update");
        }
        // The ones that gave nothing ask first, so the free slots go to them until the first choke round.
        foreach (var leaf in new[] { "l3", "l4", "l5", "l1", "l2" })
        {
            hub.Engine.Handle(leaf, new Interested(true));
        }
        Apply(hub.Take(), unchoked);
        Assert.That(unchoked.Count(u => u.Value), Is.EqualTo(options.UploadSlots), $"seed {seed}: free slots are filled at once");
        return (hub, own, unchoked);
    }

    private static void Apply(IEnumerable<SwarmSend> sends, Dictionary<string, bool> unchoked)
    {
        foreach (var send in sends)
        {
            if (send.Message is Choke choke)
            {
                unchoked[send.Peer] = !choke.Value;
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Slots_go_to_the_best_givers_plus_one_optimistic_unchoke_that_rotates(int seed)
    {
        var options = new SwarmOptions { Seed = seed, UploadSlots = 3, OptimisticEvery = 3 };
        var (hub, _, unchoked) = HubWithGivers(seed, options);
        using (hub)
        {
            var optimistic = new List<string>();
            for (var round = 0; round < 12; round++)
            {
                hub.Engine.Tick();
                Apply(hub.Take(), unchoked);
                var open = unchoked.Where(u => u.Value).Select(u => u.Key).ToArray();
                Assert.That(open, Has.Length.EqualTo(3), $"seed {seed}, round {round}");
                Assert.That(open, Does.Contain("l1").And.Contain("l2"), $"seed {seed}, round {round}: reciprocity");
                optimistic.Add(open.Single(l => l is not ("l1" or "l2")));
                hub.Time.Advance(options.ChokeInterval);
            }
            for (var round = 1; round < optimistic.Count; round++)
            {
                if (round % options.OptimisticEvery != 0)
                {
                    Assert.That(optimistic[round], Is.EqualTo(optimistic[round - 1]), $"seed {seed}: the optimistic unchoke holds between rotations");
                }
            }
            Assert.That(optimistic.Distinct().Count(), Is.GreaterThanOrEqualTo(2), $"seed {seed}: the optimistic unchoke rotates ({string.Join(",", optimistic)})");
        }
    }

    [TestCase(4)]
    public void A_choked_peer_is_not_served_and_an_unchoked_one_is(int seed)
    {
        var options = new SwarmOptions { Seed = seed, UploadSlots = 3 };
        var (hub, own, unchoked) = HubWithGivers(seed, options);
        using (hub)
        {
            hub.Engine.Tick();
            Apply(hub.Take(), unchoked);
            var choked = unchoked.First(u => !u.Value).Key;
            var ignored = hub.Engine.Counters.MessagesIgnored;
            hub.Engine.Handle(choked, new Request(1, "hub", 0));
            hub.Engine.Handle("l1", new Request(1, "hub", 0));
            var sends = hub.Take();
            Assert.Multiple(() =>
            {
                Assert.That(SwarmSolo.To<Piece>(sends, choked), Is.Empty, $"seed {seed}: {choked} is choked");
                Assert.That(hub.Engine.Counters.MessagesIgnored, Is.EqualTo(ignored + 1), $"seed {seed}");
                Assert.That(SwarmSolo.To<Piece>(sends, "l1").Single().Bytes, Is.EqualTo(hub.Store.Get(new Chunks.ChunkKey(1, "hub", 0))), $"seed {seed}");
                Assert.That(hub.Engine.Counters.BytesSent, Is.EqualTo(1024), $"seed {seed}");
            });
        }
    }

    [Test]
    public void A_cancel_removes_a_piece_not_yet_taken_from_the_outbox()
    {
        var options = new SwarmOptions { Seed = 5, UploadSlots = 1 };
        using var hub = new SwarmSolo("hub", ["l1", "l2"], options);
        var (own, chunks) = SwarmSolo.Update("hub", 1, 4, 5);
        hub.Own(own, chunks);
        hub.Engine.Handle("l1", new Interested(true));
        hub.Engine.Handle("l1", new Request(1, "hub", 0));
        hub.Engine.Handle("l1", new Cancel(1, "hub", 0));
        hub.Engine.Handle("l1", new Request(1, "hub", 1));
        var sends = hub.Take();
        Assert.That(SwarmSolo.To<Piece>(sends, "l1").Select(p => p.Index), Is.EqualTo(new[] { 1 }), "the cancelled piece never left");
    }
}
