using System.Runtime.InteropServices;

namespace DumboFL.Runner.Launch;

/// <summary>
/// Turns the first SIGINT/SIGTERM/SIGHUP into a cancellation, so the launcher stops its nodes itself and prints
/// what it has. A second signal is left to its default action (the process ends; the exit hook still kills nodes).
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public ShutdownSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    public CancellationToken Token => _cancel.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested)
        {
            return;
        }
        context.Cancel = true;
        _cancel.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _cancel.Dispose();
    }
}
