using DumboFL.Learning.Swarm;
using DumboFL.Learning.Tests.Support;

namespace DumboFL.Learning.Tests;

/// <summary>Control messages are sent once, on change: the periodic state refresh is what brings back a lost one.</summary>
[TestFixture]
public sealed class SwarmRefreshTests
{
    private const int Chunk = 1024;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static bool Completes(int seed, TimeSpan refresh)
    {
        using var swarm = SwarmHarness.FullyConnected(["a", "b"], seed, _ => new SwarmOptions { Seed = seed, StateRefreshInterval = refresh });
        var bytes = new byte[8 * Chunk];
        new Random(seed).NextBytes(bytes);
        var update = swarm.Publish("b", 1, bytes, Chunk);
        // Everything b says in the first second is lost for good (never released): its handshake, its bitfield, its unchoke.
        swarm.Hold = (from, _, _) => from == "b";
        swarm.TrackEverywhere(update);
        for (var i = 0; i < 10; i++)
        {
            swarm.Step(Step);
        }
        Assert.That(swarm.Engines["a"].Counters.RequestsSent, Is.Zero, $"seed {seed}: a cannot know what b holds");
        swarm.Hold = null;
        var done = swarm.RunUntil(() => swarm.Engines["a"].IsComplete(1, "b"), Step, maxSteps: 100) >= 0;
        if (done)
        {
            Assert.That(swarm.Reassemble("a", update, Chunk), Is.EqualTo(bytes), $"seed {seed}");
        }
        return done;
    }

    [TestCase(1)]
    [TestCase(2)]
    public void A_lost_bitfield_and_unchoke_are_repeated_and_the_exchange_completes(int seed) =>
        Assert.That(Completes(seed, TimeSpan.FromSeconds(3)), Is.True, $"seed {seed}");

    [Test]
    public void Without_the_refresh_the_same_losses_stall_the_exchange() =>
        Assert.That(Completes(3, TimeSpan.Zero), Is.False);
}
