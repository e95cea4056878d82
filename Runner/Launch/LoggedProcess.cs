using System.Diagnostics;

namespace DumboFL.Runner.Launch;

/// <summary>
/// A child <c>dumbofl</c> process (a node, a swarm-bench peer) whose output goes line by line to its log file: appended,
/// so a restarted process keeps its earlier life in the same log; flushed per line, so after a crash the log holds the
/// last words; stderr lines marked, the launcher's own notes marked too. What the child prints on stdout is also handed
/// to the owner, which reads its protocol lines from it.
/// </summary>
public sealed class LoggedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private bool _logClosed;

    private LoggedProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
        Pid = process.Id;
    }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once exited, else −1.</summary>
    public int ExitCodeOrMinusOne
    {
        get
        {
            try
            {
                return _process.ExitCode;
            }
            catch (InvalidOperationException)
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// Starts it and begins reading its output. <paramref name="onStdout"/> gets each stdout line (on a reader thread);
    /// <paramref name="onExited"/> runs once it exited, with it. With <paramref name="redirectInput"/> the owner may
    /// <see cref="Tell"/> it lines on stdin.
    /// </summary>
    public static LoggedProcess Start(DumboflExecutable dumbofl, IEnumerable<string> arguments, string logPath, Action<string> onStdout,
        Action<LoggedProcess> onExited, bool redirectInput = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var info = dumbofl.StartInfo(arguments);
        info.RedirectStandardInput = redirectInput;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
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
        var child = new LoggedProcess(process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, stdout: true, onStdout);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, stdout: false, onStdout);
        process.Exited += (_, _) => onExited(child);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public Task WaitForExitAsync(CancellationToken cancel) => _process.WaitForExitAsync(cancel);

    /// <summary>Waits until it exited and its output was read to the end.</summary>
    public void WaitForExit() => _process.WaitForExit();

    /// <summary>Waits up to <paramref name="grace"/> for it to exit; then notes <paramref name="why"/> and kills it.</summary>
    public async Task ExitOrKillAsync(TimeSpan grace, string why)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Note(why);
            Kill();
        }
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>SIGKILL, as a crash would: no chance to flush anything.</summary>
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

    /// <summary>A line on its stdin; nothing if it exited meanwhile (its owner learns that from the exit).</summary>
    public void Tell(string line)
    {
        try
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A line of the launcher's own in the log (kills, timeouts), marked so it is not mistaken for the child's.</summary>
    public void Note(string text)
    {
        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine($"# {DateTimeOffset.Now:O} launcher: {text}");
            }
        }
    }

    /// <summary>Kills it if it still runs, waits for it, closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_logGate)
        {
            _logClosed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }

    private void OnLine(string? line, bool stdout, Action<string> onStdout)
    {
        if (line is null)
        {
            return;
        }
        if (stdout)
        {
            onStdout(line);
        }
        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(stdout ? line : "[stderr] " + line);
            }
        }
    }
}
