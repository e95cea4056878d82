namespace DumboFL.Learning.Tests;

/// <summary>ARCHITECTURE.md §3: Learning sits on Core and Ledger (Ledger ← Learning ← Runner) and knows no consensus or network type.</summary>
[TestFixture]
public sealed class LearningLayeringTests
{
    [Test]
    public void Learning_references_only_Core_and_Ledger_among_DumboFL_assemblies()
    {
        var ours = typeof(Model.ModelParameters).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("DumboFL.", StringComparison.Ordinal) || n == "dumbofl")
            .Order(StringComparer.Ordinal);
        Assert.That(ours, Is.EqualTo(new[] { "DumboFL.Core", "DumboFL.Ledger" }));
    }
}
