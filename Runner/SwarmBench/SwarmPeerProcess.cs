using System.Diagnostics;
using DumboFL.Runner.Launch;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// The launcher's handle on one <c>dumbofl swarm-peer</c>: its stdin for <c>go</c> / <c>stop</c>, its report lines
/// as tasks (each faults if the peer exits first), everything it prints copied to its log. A <c>done</c> line is
/// stamped when it arrives, on the launcher's clock, so the spread time is measured on one clock.
/// </summary>
internal sealed class SwarmPeerProcess : IAsyncDisposable
{
    private readonly LoggedProcess _process;
    private readonly Reports _reports;

    private SwarmPeerProcess(string id, LoggedProcess process, Reports reports)
    {
        Id = id;
        _process = process;
        _reports = reports;
    }

    public string Id { get; }

    /// <summary>The peer's idle RSS, once it printed its ready line.</summary>
    public Task<long> Ready => _reports.Ready.Task;

    /// <summary>Its <c>done</c> report and the <see cref="Stopwatch"/> timestamp the launcher read it at.</summary>
    public Task<(PeerReport Report, long ArrivedAt)> Done => _reports.Done.Task;

    public Task<PeerReport> Final => _reports.Final.Task;

    /// <summary>Its <c>warm</c> report: it holds the warm-up update.</summary>
    public Task<PeerReport> Warm => _reports.Warm.Task;

    public static SwarmPeerProcess Start(DumboflExecutable dumbofl, string id, IEnumerable<string> arguments, string logPath,
        IReadOnlyDictionary<string, string> environment)
    {
        var reports = new Reports();
        var process = LoggedProcess.Start(dumbofl, arguments, logPath, reports.OnLine, exited => reports.OnExited(id, exited),
            redirectInput: true, environment);
        return new SwarmPeerProcess(id, process, reports);
    }

    public void Go() => _process.Tell("go");

    public void Warmup() => _process.Tell("warmup");

    /// <summary>Asks it to stop (its <c>final</c> line follows), waits up to <paramref name="grace"/>, then kills it.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _process.Tell("stop");
            await _process.ExitOrKillAsync(grace, $"still running {grace.TotalSeconds:F0} s after 'stop': killed").ConfigureAwait(false);
        }
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The peer's report lines as tasks; each faults if it exits first.</summary>
    private sealed class Reports
    {
        public TaskCompletionSource<long> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<PeerReport> Warm { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<(PeerReport Report, long ArrivedAt)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<PeerReport> Final { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnLine(string line)
        {
            // Stamped as it arrives, on the launcher's clock, so the spread is measured on one clock.
            var arrivedAt = Stopwatch.GetTimestamp();
            if (PeerReport.TryParseReady(line, out _, out var idle))
            {
                Ready.TrySetResult(idle);
            }
            else if (PeerReport.TryParse(line, PeerReport.Done, out var done))
            {
                Done.TrySetResult((done, arrivedAt));
            }
            else if (PeerReport.TryParse(line, PeerReport.Warm, out var warm))
            {
                Warm.TrySetResult(warm);
            }
            else if (PeerReport.TryParse(line, PeerReport.Final, out var final))
            {
                Final.TrySetResult(final);
            }
        }

        public void OnExited(string id, LoggedProcess process)
        {
            // Output may still be draining: the report lines of a clean exit arrive before the streams close.
            process.WaitForExit();
            var exited = new NodeExitedException($"swarm peer {id} exited with code {process.ExitCodeOrMinusOne}");
            Ready.TrySetException(exited);
            Warm.TrySetException(exited);
            Done.TrySetException(exited);
            Final.TrySetException(exited);
        }
    }
}
