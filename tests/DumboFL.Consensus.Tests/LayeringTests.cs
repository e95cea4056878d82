using System.Reflection;

namespace DumboFL.Consensus.Tests;

/// <summary>
/// The dependency rule of the architecture (§3): Consensus has no I/O and knows nothing of the network,
/// the shards, learning, the runner or the simulator; Core depends on no other DumboFL assembly. Walks
/// the compiled references transitively (within DumboFL.*), so an indirect arrow counts too.
/// </summary>
[TestFixture]
public sealed class LayeringTests
{
    [TestCase("DumboFL.Consensus", "DumboFL.Network")]
    [TestCase("DumboFL.Consensus", "DumboFL.Shards")]
    [TestCase("DumboFL.Consensus", "DumboFL.Learning")]
    [TestCase("DumboFL.Consensus", "DumboFL.Runner")]
    [TestCase("DumboFL.Consensus", "dumbofl")] // the Runner's assembly name
    [TestCase("DumboFL.Consensus", "DumboFL.Simulator")]
    public void Consensus_does_not_depend_on_outer_layers(string from, string to) =>
        Assert.That(DumboDependencies(from), Does.Not.Contain(to), $"{from} must not reference {to}");

    [Test]
    public void Core_depends_on_no_other_DumboFL_assembly() =>
        Assert.That(DumboDependencies("DumboFL.Core"), Is.Empty);

    // Core ← Ledger ← Consensus: the ledger knows entries, blocks and stores, never the protocols on top.
    [Test]
    public void Ledger_depends_only_on_Core() =>
        Assert.That(DumboDependencies("DumboFL.Ledger"), Is.EqualTo(new[] { "DumboFL.Core" }));

    // Known-true arrows: if these fail, the walk itself is broken and the tests above prove nothing.
    // TestKit → Simulator also shows that a forbidden name (Simulator) is found when it is referenced.
    [TestCase("DumboFL.Consensus", "DumboFL.Core")]
    [TestCase("DumboFL.Consensus", "DumboFL.Ledger")]
    [TestCase("DumboFL.Simulator", "DumboFL.Consensus")]
    [TestCase("DumboFL.TestKit", "DumboFL.Simulator")]
    public void The_walk_finds_arrows_that_exist(string from, string to) =>
        Assert.That(DumboDependencies(from), Does.Contain(to));

    /// <summary>Every DumboFL assembly reachable from <paramref name="root"/> through references (the root excluded).</summary>
    private static SortedSet<string> DumboDependencies(string root)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>();
        pending.Push(new AssemblyName(root));
        while (pending.Count > 0)
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(pending.Pop());
            }
            catch (FileNotFoundException)
            {
                // Named by a reference but not deployed next to the tests: the arrow is recorded, there is nothing to walk.
                continue;
            }
            foreach (var reference in assembly.GetReferencedAssemblies().Where(IsOurs))
            {
                if (reference.Name != root && seen.Add(reference.Name!))
                {
                    pending.Push(reference);
                }
            }
        }
        return seen;
    }

    private static bool IsOurs(AssemblyName name) =>
        name.Name is { } n && (n.StartsWith("DumboFL.", StringComparison.Ordinal) || n == "dumbofl");
}
