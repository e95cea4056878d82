using DumboFL.Learning.Swarm;

namespace DumboFL.Learning.Tests;

[TestFixture]
public sealed class TopologyTests
{
    private static string[] Nodes(int n) => Enumerable.Range(0, n).Select(i => $"0-{i}").ToArray();

    [TestCase(TopologyKind.Star)]
    [TestCase(TopologyKind.Ring)]
    [TestCase(TopologyKind.Tree)]
    [TestCase(TopologyKind.Mesh)]
    [TestCase(TopologyKind.Full)]
    public void Every_kind_is_symmetric_and_connected(TopologyKind kind)
    {
        var topology = Topology.Build(kind, Nodes(8), seed: 3);
        Assert.Multiple(() =>
        {
            Assert.That(topology.IsConnected(), Is.True);
            for (var a = 0; a < 8; a++)
            {
                Assert.That(topology.Neighbours(a), Does.Not.Contain(a), "no self-links");
                foreach (var b in topology.Neighbours(a))
                {
                    Assert.That(topology.Neighbours(b), Does.Contain(a), $"{a}–{b} both ways");
                }
            }
        });
    }

    [Test]
    public void Shapes_are_what_their_names_say()
    {
        var star = Topology.Build(TopologyKind.Star, Nodes(8));
        var ring = Topology.Build(TopologyKind.Ring, Nodes(8));
        var tree = Topology.Build(TopologyKind.Tree, Nodes(7));
        var full = Topology.Build(TopologyKind.Full, Nodes(8));
        Assert.Multiple(() =>
        {
            Assert.That(star.Neighbours(0), Has.Count.EqualTo(7), "a true hub");
            Assert.That(Enumerable.Range(1, 7).Select(i => star.Neighbours(i)), Is.All.EquivalentTo(new[] { 0 }));
            Assert.That(Enumerable.Range(0, 8).Select(i => ring.Neighbours(i).Count), Is.All.EqualTo(2));
            Assert.That(tree.Neighbours(0), Is.EquivalentTo(new[] { 1, 2 }));
            Assert.That(tree.Neighbours(2), Is.EquivalentTo(new[] { 0, 5, 6 }));
            Assert.That(full.EdgeCount, Is.EqualTo(28));
        });
    }

    [Test]
    public void A_mesh_is_balanced_and_the_same_for_the_same_seed()
    {
        var mesh = Topology.Build(TopologyKind.Mesh, Nodes(20), seed: 5, degree: 4);
        var again = Topology.Build(TopologyKind.Mesh, Nodes(20), seed: 5, degree: 4);
        var other = Topology.Build(TopologyKind.Mesh, Nodes(20), seed: 6, degree: 4);
        var degrees = Enumerable.Range(0, 20).Select(i => mesh.Neighbours(i).Count).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(degrees, Is.All.InRange(4, 5));
            Assert.That(Enumerable.Range(0, 20).Select(i => again.Neighbours(i).ToArray()), Is.EqualTo(Enumerable.Range(0, 20).Select(i => mesh.Neighbours(i).ToArray())));
            Assert.That(Enumerable.Range(0, 20).Select(i => other.Neighbours(i).ToArray()), Is.Not.EqualTo(Enumerable.Range(0, 20).Select(i => mesh.Neighbours(i).ToArray())));
        });
    }

    [Test]
    public void A_custom_edge_list_is_read_and_its_mistakes_named()
    {
        var directory = Directory.CreateTempSubdirectory("dumbofl-topology-").FullName;
        try
        {
            var good = Path.Combine(directory, "edges.txt");
            File.WriteAllText(good, "# a path\n0-0 0-1\n0-1,0-2\n\n0-2\t0-3\n");
            var path = Topology.Build(TopologyKind.Custom, Nodes(4), edgeFile: good);
            File.WriteAllText(Path.Combine(directory, "stranger.txt"), "0-0 9-9\n");
            File.WriteAllText(Path.Combine(directory, "self.txt"), "0-0 0-0\n");
            File.WriteAllText(Path.Combine(directory, "split.txt"), "0-0 0-1\n0-2 0-3\n");
            Assert.Multiple(() =>
            {
                Assert.That(path.EdgeCount, Is.EqualTo(3));
                Assert.That(path.NeighbourIds("0-1"), Is.EquivalentTo(new[] { "0-0", "0-2" }));
                Assert.That(() => Topology.Build(TopologyKind.Custom, Nodes(4), edgeFile: Path.Combine(directory, "stranger.txt")),
                    Throws.TypeOf<InvalidDataException>().With.Message.Contains(":1: no node '9-9'"));
                Assert.That(() => Topology.Build(TopologyKind.Custom, Nodes(4), edgeFile: Path.Combine(directory, "self.txt")),
                    Throws.TypeOf<InvalidDataException>().With.Message.Contains("linked to itself"));
                Assert.That(() => Topology.Build(TopologyKind.Custom, Nodes(4), edgeFile: Path.Combine(directory, "split.txt")),
                    Throws.ArgumentException.With.Message.Contains("does not connect"));
                Assert.That(() => Topology.Build(TopologyKind.Ring, Nodes(2)), Throws.ArgumentException.With.Message.Contains("three"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void A_topology_that_f_faulty_nodes_can_split_names_them()
    {
        var seven = Enumerable.Range(0, 7).Select(i => $"0-{i}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Topology.Build(TopologyKind.Star, seven).CutBy(1), Is.EqualTo(new[] { "0-0" }), "the hub");
            Assert.That(Topology.Build(TopologyKind.Ring, seven).CutBy(1), Is.Null, "a ring survives one");
            Assert.That(Topology.Build(TopologyKind.Ring, seven).CutBy(2), Has.Count.EqualTo(2), "but not two");
            Assert.That(Topology.Build(TopologyKind.Tree, seven).CutBy(1), Is.EqualTo(new[] { "0-0" }), "the root");
            Assert.That(Topology.Build(TopologyKind.Full, seven).CutBy(2), Is.Null);
            Assert.That(Topology.Build(TopologyKind.Mesh, seven, seed: 1, degree: 3).CutBy(2), Is.Null, "degree 3 survives f = 2");
            Assert.That(Topology.Build(TopologyKind.Mesh, seven, seed: 1, degree: 3).CutBy(0), Is.Null, "nothing removed");
        });
    }
}
