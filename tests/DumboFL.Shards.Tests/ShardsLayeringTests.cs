namespace DumboFL.Shards.Tests;

/// <summary>ARCHITECTURE.md §3: Shards sits on Core and Ledger and does no I/O; it never knows the network or the runner.</summary>
[TestFixture]
public sealed class ShardsLayeringTests
{
    [Test]
    public void Shards_references_only_Core_and_Ledger_among_DumboFL_assemblies()
    {
        var ours = typeof(ShardMap).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("DumboFL.", StringComparison.Ordinal) || n == "dumbofl")
            .Order(StringComparer.Ordinal);
        Assert.That(ours, Is.EqualTo(new[] { "DumboFL.Core", "DumboFL.Ledger" }));
    }
}
