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
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<long> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PeerReport> _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(PeerReport Report, long ArrivedAt)> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PeerReport> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    private SwarmPeerProcess(string id, Process process, StreamWriter log)
    {
        Id = id;
        _process = process;
        _log = log;
    }

    public string Id { get; }

    /// <summary>The peer's idle RSS, once it printed its ready line.</summary>
    public Task<long> Ready => _ready.Task;

    /// <summary>Its <c>done</c> report and the <see cref="Stopwatch"/> timestamp the launcher read it at.</summary>
    public Task<(PeerReport Report, long ArrivedAt)> Done => _done.Task;

    public Task<PeerReport> Final => _final.Task;

    /// <summary>Its <c>warm</c> report: it holds the warm-up update.</summary>
    public Task<PeerReport> Warm => _warm.Task;

    public static SwarmPeerProcess Start(DumboflExecutable dumbofl, string id, IEnumerable<string> arguments, string logPath,
        IReadOnlyDictionary<string, string> environment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var info = dumbofl.StartInfo(arguments);
        info.RedirectStandardInput = true;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        log.WriteLine($"# {DateTimeOffset.Now:O} start: {string.Join(' ', info.ArgumentList.Prepend(info.FileName))}");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }
        var peer = new SwarmPeerProcess(id, process, log);
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data, stdout: false);
        process.Exited += (_, _) => peer.OnExited();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    public void Go() => Tell("go");

    public void Warmup() => Tell("warmup");

    /// <summary>Asks it to stop (its <c>final</c> line follows), waits up to <paramref name="grace"/>, then kills it.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            Tell("stop");
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Note($"still running {grace.TotalSeconds:F0} s after 'stop': killed");
                Kill();
            }
        }
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            _closed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }

    private void Tell(string command)
    {
        try
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // It exited meanwhile: its tasks fault with the exit code.
        }
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }
        var arrivedAt = Stopwatch.GetTimestamp();
        if (stdout)
        {
            if (PeerReport.TryParseReady(line, out _, out var idle))
            {
                _ready.TrySetResult(idle);
            }
            else if (PeerReport.TryParse(line, PeerReport.Done, out var done))
            {
                _done.TrySetResult((done, arrivedAt));
            }
            else if (PeerReport.TryParse(line, PeerReport.Warm, out var warm))
            {
                _warm.TrySetResult(warm);
            }
            else if (PeerReport.TryParse(line, PeerReport.Final, out var final))
            {
                _final.TrySetResult(final);
            }
        }
        lock (_gate)
        {
            if (!_closed)
            {
                _log.WriteLine(stdout ? line : "[stderr] " + line);
            }
        }
    }

    private void OnExited()
    {
        // Output may still be draining: the report lines of a clean exit arrive before the streams close.
        _process.WaitForExit();
        var code = _process.ExitCode;
        var exited = new NodeExitedException($"swarm peer {Id} exited with code {code}");
        _ready.TrySetException(exited);
        _warm.TrySetException(exited);
        _done.TrySetException(exited);
        _final.TrySetException(exited);
    }

    private void Note(string text)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _log.WriteLine($"# {DateTimeOffset.Now:O} launcher: {text}");
            }
        }
    }
}
