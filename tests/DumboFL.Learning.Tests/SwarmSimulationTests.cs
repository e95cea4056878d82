using DumboFL.Learning.Swarm;
using DumboFL.Learning.Tests.Support;

namespace DumboFL.Learning.Tests;

/// <summary>
/// Whole swarms of 8 engines over the §9 topologies: one node publishes a ~1 MiB update in 16 KiB chunks, every other
/// node a small one; every node must end with every update, bit-exact, without wasting requests.
/// </summary>
[TestFixture]
public sealed class SwarmSimulationTests
{
    private const int BigChunk = 16 * 1024;
    private const int SmallChunk = 1024;
    private static readonly TimeSpan StepTime = TimeSpan.FromMilliseconds(50);

    private static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [TestCase(TopologyKind.Ring, 11)]
    [TestCase(TopologyKind.Mesh, 11)]
    [TestCase(TopologyKind.Mesh, 12)]
    [TestCase(TopologyKind.Mesh, 13)]
    [TestCase(TopologyKind.Star, 11)]
    public void Every_engine_completes_every_update_bit_exact(TopologyKind kind, int seed)
    {
        var nodes = Enumerable.Range(0, 8).Select(i => $"n{i}").ToArray();
        var topology = Topology.Build(kind, nodes, seed);
        // A 4-chunk pipeline: many round trips, so choke rounds and timeouts have time to matter.
        using var swarm = SwarmHarness.Over(topology, seed, node => new SwarmOptions { Seed = seed, MaxBytesInFlightPerPeer = 64 * 1024 });
        // The big update comes from a leaf of the star: everything must pass through the hub.
        var source = "n3";
        var published = new List<(SwarmUpdate Update, byte[] Bytes, int ChunkSize)>();
        var big = Bytes(seed, (1 << 20) + 3000);
        published.Add((swarm.Publish(source, 1, big, BigChunk), big, BigChunk));
        foreach (var node in nodes.Where(n => n != source))
        {
            var small = Bytes(seed * 100 + node[1], 3 * SmallChunk + 100 + node[1]);
            published.Add((swarm.Publish(node, 1, small, SmallChunk), small, SmallChunk));
        }
        foreach (var (node, engine) in swarm.Engines)
        {
            // The node's own update first, as the node does: it is stored before it is tracked.
            foreach (var (update, _, _) in published.OrderBy(p => p.Update.Client == node ? 0 : 1))
            {
                engine.Track(update);
            }
        }

        var steps = swarm.RunUntil(() => swarm.Engines.Values.All(e => published.All(p => e.IsComplete(p.Update.Round, p.Update.Client))), StepTime, maxSteps: 4000);

        var why = $"seed {seed}, {kind}";
        Assert.That(steps, Is.GreaterThanOrEqualTo(0), $"{why}: not every engine completed");
        var requests = swarm.Engines.Values.Sum(e => e.Counters.RequestsSent);
        var accepted = swarm.Engines.Values.Sum(e => e.Counters.PiecesAccepted);
        var expected = published.Sum(p => (long)p.Update.ChunkHashes.Count * (nodes.Length - 1));
        TestContext.Out.WriteLine($"{why}: {steps} steps, {requests} requests for {accepted} chunks ({(double)requests / accepted:F3} per chunk), {swarm.Engines.Values.Sum(e => e.Counters.PiecesUnwanted)} unwanted, {swarm.Engines.Values.Sum(e => e.Counters.CancelsSent)} cancels");
        Assert.Multiple(() =>
        {
            foreach (var (node, engine) in swarm.Engines)
            {
                foreach (var (update, bytes, chunkSize) in published)
                {
                    Assert.That(swarm.Reassemble(node, update, chunkSize), Is.EqualTo(bytes), $"{why}: {node}'s copy of {update.Client}");
                }
                var completed = engine.TakeCompleted();
                Assert.That(completed, Is.EquivalentTo(published.Select(p => (p.Update.Round, p.Update.Client))), $"{why}: {node} reports each completion once");
                Assert.That(engine.Counters.PiecesRejected, Is.Zero, $"{why}: {node}");
            }
            Assert.That(accepted, Is.EqualTo(expected), $"{why}: each node stores each chunk it lacked exactly once");
            if (kind == TopologyKind.Mesh)
            {
                Assert.That((double)requests / accepted, Is.LessThanOrEqualTo(1.05), $"{why}: requests sent per chunk received");
            }
        });
    }
}
