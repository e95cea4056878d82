namespace DumboFL.Integration.Tests.Support;

/// <summary>
/// A fresh run directory per test for commands that write keys, data and logs (<c>launch</c>, <c>bench</c>): removed
/// when the test passes, kept (and named in the output) when it fails.
/// </summary>
public abstract class RunDirectoryTest
{
    protected string Out { get; private set; } = "";

    /// <summary>The directory name's prefix, e.g. "launch".</summary>
    protected abstract string Purpose { get; }

    [SetUp]
    public void NewRunDirectory() => Out = Path.Combine(Path.GetTempPath(), "dumbofl-it", $"{Purpose}-{Guid.NewGuid():N}"[..(Purpose.Length + 13)]);

    [TearDown]
    public void RemoveRunDirectory()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed && Directory.Exists(Out))
        {
            Directory.Delete(Out, recursive: true);
        }
        else
        {
            TestContext.Out.WriteLine($"run directory kept: {Out}");
        }
    }
}
