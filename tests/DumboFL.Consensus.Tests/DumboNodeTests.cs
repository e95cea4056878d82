using DumboFL.Consensus.Tests.Support;

namespace DumboFL.Consensus.Tests;

public class DumboNodeTests
{
    private static byte[] Item(int node, int index) => [(byte)node, (byte)index, (byte)(index >> 8), 0xAB];

    [TestCase(4, 1)]
    [TestCase(4, 2)]
    [TestCase(7, 3)]
    public void All_honest_nodes_commit_the_same_batches(int n, int seed)
    {
        var fixture = ShardFixture.For(n);
        var nodes = Enumerable.Range(0, n).Select(i => new DumboNode(fixture.Config(i, batchSize: 4 * n))).ToArray();
        var network = new RandomNetwork(nodes, seed);
        for (var i = 0; i < n; i++)
        {
            network.Apply(i, nodes[i].Submit(Enumerable.Range(0, 10).Select(k => Item(i, k))));
        }
        network.Run();

        var reference = network.Outputs[0].Select(b => b.Digest).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(reference, Is.Not.Empty, $"seed {seed}");
            for (var i = 1; i < n; i++)
            {
                Assert.That(network.Outputs[i].Select(b => b.Digest), Is.EqualTo(reference), $"node {i}, seed {seed}");
            }
            Assert.That(network.Outputs[0].Sum(b => b.Items.Count), Is.EqualTo(10 * n), "every item committed once");
            Assert.That(network.Faults.SelectMany(f => f), Is.Empty, "no honest node flagged");
        });
    }
}
