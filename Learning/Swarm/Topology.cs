using System.Globalization;

namespace DumboFL.Learning.Swarm;

public enum TopologyKind
{
    /// <summary>A true hub: node 0 is linked to every other node, and the others only to it.</summary>
    Star,
    /// <summary>Each node linked to the next and the previous (at least three nodes).</summary>
    Ring,
    /// <summary>A binary tree in heap order: node i's children are 2i+1 and 2i+2.</summary>
    Tree,
    /// <summary>A seeded random graph over a ring, every node with the same degree (±1).</summary>
    Mesh,
    /// <summary>Every pair linked.</summary>
    Full,
    /// <summary>An edge list file.</summary>
    Custom,
}

/// <summary>
/// Who exchanges chunks with whom (ARCHITECTURE.md §9): an undirected graph over the FL nodes, the same at every node
/// for the same nodes, kind and seed. The swarm only talks to neighbours.
/// </summary>
public sealed class Topology
{
    private readonly SortedSet<int>[] _neighbours;

    private Topology(IReadOnlyList<string> nodes, SortedSet<int>[] neighbours)
    {
        Nodes = nodes.ToArray();
        _neighbours = neighbours;
    }

    public IReadOnlyList<string> Nodes { get; }

    public IReadOnlyCollection<int> Neighbours(int node) => _neighbours[node];

    public IEnumerable<string> NeighbourIds(string node) => _neighbours[IndexOf(node)].Select(i => Nodes[i]);

    public int EdgeCount => _neighbours.Sum(n => n.Count) / 2;

    public bool IsConnected() => ConnectedWithout([]);

    /// <summary>
    /// A set of at most <paramref name="faults"/> nodes whose removal (silent, or banned for serving bad chunks) splits
    /// the others, so some honest nodes could never get each other's updates; null if no such set exists. Tries every
    /// set (the shard sizes an FL swarm runs on keep this small); null without checking beyond <paramref name="maxSets"/>.
    /// </summary>
    public IReadOnlyList<string>? CutBy(int faults, int maxSets = 100_000)
    {
        var tried = 0;
        foreach (var removed in Subsets(Nodes.Count, Math.Min(faults, Nodes.Count - 2)))
        {
            if (++tried > maxSets)
            {
                return null;
            }
            if (!ConnectedWithout(removed))
            {
                return [.. removed.Select(i => Nodes[i])];
            }
        }
        return null;
    }

    private bool ConnectedWithout(IReadOnlyCollection<int> removed)
    {
        var start = Enumerable.Range(0, Nodes.Count).First(i => !removed.Contains(i));
        var seen = new HashSet<int>(removed) { start };
        var pending = new Stack<int>([start]);
        while (pending.Count > 0)
        {
            foreach (var next in _neighbours[pending.Pop()])
            {
                if (seen.Add(next))
                {
                    pending.Push(next);
                }
            }
        }
        return seen.Count == Nodes.Count;
    }

    /// <summary>Every set of 1..<paramref name="most"/> indexes below <paramref name="count"/>, smallest first.</summary>
    private static IEnumerable<int[]> Subsets(int count, int most)
    {
        for (var size = 1; size <= most; size++)
        {
            var pick = Enumerable.Range(0, size).ToArray();
            while (true)
            {
                yield return [.. pick];
                var i = size - 1;
                while (i >= 0 && pick[i] == count - size + i)
                {
                    i--;
                }
                if (i < 0)
                {
                    break;
                }
                pick[i]++;
                for (var j = i + 1; j < size; j++)
                {
                    pick[j] = pick[j - 1] + 1;
                }
            }
        }
    }

    /// <param name="degree">Mesh only: links per node (at least 2, below the node count).</param>
    /// <param name="edgeFile">Custom only: lines <c>a b</c> naming two nodes; blank lines and <c>#</c> comments are skipped.</param>
    public static Topology Build(TopologyKind kind, IReadOnlyList<string> nodes, int seed = 0, int degree = 3, string? edgeFile = null)
    {
        if (nodes.Count < 2 || nodes.Distinct(StringComparer.Ordinal).Count() != nodes.Count)
        {
            throw new ArgumentException("a topology needs at least two distinct nodes", nameof(nodes));
        }
        var n = nodes.Count;
        var links = Enumerable.Range(0, n).Select(_ => new SortedSet<int>()).ToArray();
        void Link(int a, int b)
        {
            if (a != b)
            {
                links[a].Add(b);
                links[b].Add(a);
            }
        }
        switch (kind)
        {
            case TopologyKind.Star:
                for (var i = 1; i < n; i++)
                {
                    Link(0, i);
                }
                break;
            case TopologyKind.Ring:
                if (n < 3)
                {
                    throw new ArgumentException($"a ring needs at least three nodes, not {n}", nameof(nodes));
                }
                for (var i = 0; i < n; i++)
                {
                    Link(i, (i + 1) % n);
                }
                break;
            case TopologyKind.Tree:
                for (var i = 1; i < n; i++)
                {
                    Link(i, (i - 1) / 2);
                }
                break;
            case TopologyKind.Full:
                for (var a = 0; a < n; a++)
                {
                    for (var b = a + 1; b < n; b++)
                    {
                        Link(a, b);
                    }
                }
                break;
            case TopologyKind.Mesh:
                Mesh(n, Math.Clamp(degree, 2, n - 1), seed, Link, links);
                break;
            case TopologyKind.Custom:
                ReadEdges(edgeFile ?? throw new ArgumentException("a custom topology needs an edge list file", nameof(edgeFile)), nodes, Link);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown topology");
        }
        var topology = new Topology(nodes, links);
        if (!topology.IsConnected())
        {
            throw new ArgumentException($"the {kind.ToString().ToLowerInvariant()} topology does not connect every node: chunks could not reach them all");
        }
        return topology;
    }

    /// <summary>A ring for connectivity, then seeded chords between the nodes with the fewest links until each has the degree.</summary>
    private static void Mesh(int n, int degree, int seed, Action<int, int> link, SortedSet<int>[] links)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < n; i++)
        {
            link(order[i], order[(i + 1) % n]);
        }
        for (var attempt = 0; attempt < n * degree * 4; attempt++)
        {
            var needy = Enumerable.Range(0, n).Where(i => links[i].Count < degree).ToArray();
            if (needy.Length == 0)
            {
                break;
            }
            var a = needy[random.Next(needy.Length)];
            var candidates = Enumerable.Range(0, n).Where(b => b != a && !links[a].Contains(b)).OrderBy(b => links[b].Count).ThenBy(_ => random.Next()).ToArray();
            if (candidates.Length == 0)
            {
                break;
            }
            link(a, candidates[0]);
        }
    }

    private static void ReadEdges(string path, IReadOnlyList<string> nodes, Action<int, int> link)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such edge list file");
        }
        var index = nodes.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected two node ids, found '{raw}'");
            }
            foreach (var part in parts)
            {
                if (!index.ContainsKey(part))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: no node '{part}' (nodes: {string.Join(", ", nodes)})");
                }
            }
            if (parts[0] == parts[1])
            {
                throw new InvalidDataException($"{path}:{lineNumber}: a node linked to itself ('{parts[0]}')");
            }
            link(index[parts[0]], index[parts[1]]);
        }
    }

    private int IndexOf(string node)
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (Nodes[i] == node)
            {
                return i;
            }
        }
        throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"no node '{node}' in the topology"));
    }
}
