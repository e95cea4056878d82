using DumboFL.Core.Hashing;
using DumboFL.Learning.Swarm;
using DumboFL.Learning.Tests.Support;

namespace DumboFL.Learning.Tests;

/// <summary>The engine's conversation with one neighbour: handshakes, availability, HAVE batching, keep-alives, and what it drops without throwing.</summary>
[TestFixture]
public sealed class SwarmEngineTests
{
    [Test]
    public void One_handshake_lists_the_updates_tracked_together_and_a_newer_round_brings_another()
    {
        using var node = new SwarmSolo("a", ["b", "c"]);
        var (mine, mineChunks) = SwarmSolo.Update("a", 1, 3, 1);
        var (theirs, _) = SwarmSolo.Update("b", 1, 3, 2);
        node.Own(mine, mineChunks);
        node.Engine.Track(theirs);
        var first = node.Take();
        var handshake = SwarmSolo.To<Handshake>(first, "b").Single();
        Assert.Multiple(() =>
        {
            Assert.That(handshake.Round, Is.EqualTo(1));
            Assert.That(handshake.Peer, Is.EqualTo("a"));
            Assert.That(handshake.Updates, Is.EquivalentTo(new[] { ("a", mine.Root), ("b", theirs.Root) }));
            Assert.That(first[0].Message, Is.TypeOf<Handshake>(), "the handshake opens the conversation");
            Assert.That(SwarmSolo.To<BitfieldMessage>(first, "c").Single().Client, Is.EqualTo("a"), "a bitfield only for what is held");
        });

        var (next, _) = SwarmSolo.Update("b", 2, 3, 3);
        node.Engine.Track(next);
        var (older, _) = SwarmSolo.Update("c", 1, 3, 4);
        node.Engine.Track(older);
        var second = node.Take();
        Assert.That(SwarmSolo.To<Handshake>(second, "c").Select(h => h.Round), Is.EqualTo(new[] { 2UL }));
    }

    [Test]
    public void Availability_heard_before_the_ledger_commits_is_used_once_the_update_is_tracked()
    {
        using var node = new SwarmSolo("a", ["b"]);
        var (update, _) = SwarmSolo.Update("b", 1, 4, 5);
        node.Engine.Handle("b", SwarmSolo.Everything(update));
        node.Engine.Handle("b", new Choke(false));
        Assert.That(SwarmSolo.To<Request>(node.Take(), "b"), Is.Empty, "nothing is asked for before it is committed");

        node.Engine.Track(update);
        var sends = node.Take();
        Assert.Multiple(() =>
        {
            Assert.That(SwarmSolo.To<Interested>(sends, "b").Single().Value, Is.True);
            Assert.That(SwarmSolo.To<Request>(sends, "b").Select(r => r.Index).Order(), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        });
    }

    [Test]
    public void A_peer_that_announces_another_root_is_not_asked_for_that_update()
    {
        using var node = new SwarmSolo("a", ["b", "c"]);
        var (update, _) = SwarmSolo.Update("x", 1, 4, 6);
        node.Engine.Track(update);
        node.Take();
        node.Engine.Handle("b", new Handshake(1, "b", [("x", Hash32.Of([9]))]));
        node.Engine.Handle("c", new Handshake(1, "c", [("x", update.Root)]));
        foreach (var peer in new[] { "b", "c" })
        {
            node.Engine.Handle(peer, SwarmSolo.Everything(update));
            node.Engine.Handle(peer, new Choke(false));
        }
        var sends = node.Take();
        Assert.Multiple(() =>
        {
            Assert.That(SwarmSolo.To<Request>(sends, "b"), Is.Empty, "b disagrees about the committed root");
            Assert.That(SwarmSolo.To<Request>(sends, "c"), Has.Exactly(4).Items);
            Assert.That(node.Engine.Counters.MessagesIgnored, Is.EqualTo(2), "the disagreement and b's bitfield");
        });
    }

    [Test]
    public void HAVEs_go_out_in_batches_after_the_chunks_are_stored_and_only_to_peers_that_lack_them()
    {
        using var node = new SwarmSolo("a", ["b", "c"], new SwarmOptions { HaveBatch = 2 });
        var (update, chunks) = SwarmSolo.Update("b", 1, 3, 7);
        node.Engine.Track(update);
        node.Engine.Handle("b", SwarmSolo.Everything(update));
        node.Engine.Handle("b", new Choke(false));
        node.Take();
        var haves = new List<(int[] Indexes, bool AllStored)>();
        for (var i = 0; i < 3; i++)
        {
            node.Engine.Handle("b", SwarmSolo.PieceOf(update, chunks, i));
        }
        var sends = node.Take();
        foreach (var have in SwarmSolo.To<Have>(sends, "c"))
        {
            haves.Add((have.Indexes.ToArray(), have.Indexes.All(i => node.Store.Has(1, "b", i))));
        }
        Assert.Multiple(() =>
        {
            Assert.That(haves.Select(h => h.Indexes), Is.EqualTo(new[] { new[] { 0, 1 }, new[] { 2 } }), "a full batch, then the rest at TakeOutbox");
            Assert.That(haves.All(h => h.AllStored), Is.True);
            Assert.That(SwarmSolo.To<Have>(sends, "b"), Is.Empty, "b holds them all");
            Assert.That(node.Engine.TakeCompleted(), Is.EqualTo(new[] { (1UL, "b") }));
            Assert.That(node.Engine.TakeCompleted(), Is.Empty, "reported once");
        });
    }

    [Test]
    public void Malformed_stale_and_foreign_messages_are_counted_and_never_throw()
    {
        using var node = new SwarmSolo("a", ["b"]);
        var (update, chunks) = SwarmSolo.Update("b", 5, 4, 8);
        node.Engine.Track(update);
        node.Engine.Forget(3);
        var junk = new (string From, SwarmMessage Message)[]
        {
            ("stranger", new KeepAlive()),
            ("b", new Have(5, "b", [4])),
            ("b", new Have(5, "b", [-1])),
            ("b", new BitfieldMessage(5, "b", 5, [0x1F])),
            ("b", new BitfieldMessage(5, "b", 4, [0xFF])),
            ("b", new Handshake(5, "not-b", [])),
            ("b", new Request(5, "b", 0)),
            ("b", new Request(5, null!, 0)),
            ("b", new Have(2, "b", [0])),
            ("b", new Piece(5, "b", 9, chunks.Chunk(0).ToArray())),
            ("b", new Cancel(5, null!, 0)),
        };
        foreach (var (from, message) in junk)
        {
            Assert.That(() => node.Engine.Handle(from, message), Throws.Nothing, message.ToString());
        }
        node.Engine.Handle("b", SwarmSolo.PieceOf(update, chunks, 0));
        Assert.Multiple(() =>
        {
            Assert.That(node.Engine.Counters.MessagesIgnored, Is.EqualTo(junk.Length));
            Assert.That(node.Engine.Counters.PiecesUnwanted, Is.EqualTo(1), "never requested");
            Assert.That(node.Store.Has(5, "b", 0), Is.False);
        });
    }

    [Test]
    public void A_keep_alive_follows_a_silence_of_the_keep_alive_interval()
    {
        using var node = new SwarmSolo("a", ["b"], new SwarmOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        node.Time.Advance(TimeSpan.FromSeconds(14));
        node.Engine.Tick();
        Assert.That(SwarmSolo.To<KeepAlive>(node.Take(), "b"), Is.Empty);
        node.Time.Advance(TimeSpan.FromSeconds(1));
        node.Engine.Tick();
        Assert.That(SwarmSolo.To<KeepAlive>(node.Take(), "b"), Has.Exactly(1).Items);
    }

    [Test]
    public void Forget_drops_a_round_so_its_late_pieces_are_unwanted()
    {
        using var node = new SwarmSolo("a", ["b"]);
        var (update, chunks) = SwarmSolo.Update("b", 1, 2, 9);
        node.Engine.Track(update);
        node.Engine.Handle("b", SwarmSolo.Everything(update));
        node.Engine.Handle("b", new Choke(false));
        Assert.That(SwarmSolo.To<Request>(node.Take(), "b"), Has.Exactly(2).Items);
        node.Engine.Forget(2);
        node.Engine.Track(update);
        node.Engine.Handle("b", SwarmSolo.PieceOf(update, chunks, 0));
        Assert.Multiple(() =>
        {
            Assert.That(node.Engine.IsComplete(1, "b"), Is.False);
            Assert.That(node.Engine.Counters.PiecesUnwanted, Is.EqualTo(1));
            Assert.That(node.Store.Has(1, "b", 0), Is.False);
            Assert.That(SwarmSolo.To<Request>(node.Take(), "b"), Is.Empty, "a forgotten round is not tracked again");
        });
    }
}
