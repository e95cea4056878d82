namespace DumboFL.Network.Tests;

/// <summary>Fails the run if any task of the transport faulted without anyone looking (a leaked worker).</summary>
[SetUpFixture]
public sealed class UnobservedExceptions
{
    private readonly List<Exception> _seen = [];

    [OneTimeSetUp]
    public void Watch() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    [OneTimeTearDown]
    public void Check()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        TaskScheduler.UnobservedTaskException -= OnUnobserved;
        lock (_seen)
        {
            Assert.That(_seen, Is.Empty, string.Join(Environment.NewLine, _seen));
        }
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        lock (_seen)
        {
            _seen.Add(e.Exception);
        }
    }
}
