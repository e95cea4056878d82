using System.Diagnostics;
using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>
/// One running <c>dumbofl node</c>: its output goes to its log file, its <c>ready &lt;id&gt; api=URL</c> line
/// resolves <see cref="Ready"/>. Stopping is SIGTERM, a grace period, then SIGKILL.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _logClosed;

    private NodeProcess(string id, Process process, StreamWriter log)
    {
        Id = id;
        _process = process;
        _log = log;
        Pid = process.Id;
        Started = DateTimeOffset.UtcNow;
    }

    public string Id { get; }

    public int Pid { get; }

    public DateTimeOffset Started { get; }

    /// <summary>The node's API address, once it printed its ready line; faults if it exits before.</summary>
    public Task<Uri> Ready => _ready.Task;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public Task Exited => _process.WaitForExitAsync();

    public static NodeProcess Start(DumboflExecutable dumbofl, string id, IEnumerable<string> arguments, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        // Append: a restarted node keeps its earlier life in the same log.
        // Flushed line by line: after a crash the log must hold the last words.
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var info = dumbofl.StartInfo(arguments);
        log.WriteLine($"# {DateTimeOffset.Now:O} start: {string.Join(' ', info.ArgumentList.Prepend(info.FileName))}");
        log.Flush();
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
        var node = new NodeProcess(id, process, log);
        node.Watch();
        return node;
    }

    private void Watch()
    {
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, stdout: false);
        _process.Exited += (_, _) =>
        {
            _ready.TrySetException(new NodeExitedException(Id, SafeExitCode()));
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }
        if (stdout && TryParseReady(line, out var api))
        {
            _ready.TrySetResult(api);
        }
        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(stdout ? line : "[stderr] " + line);
            }
        }
    }

    /// <summary>Parses <c>ready &lt;id&gt; api=http://127.0.0.1:&lt;port&gt;</c> (docs/NODE.md, the node's contract).</summary>
    public static bool TryParseReady(string line, out Uri api)
    {
        api = null!;
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3 || words[0] != "ready")
        {
            return false;
        }
        var field = words.FirstOrDefault(w => w.StartsWith("api=", StringComparison.Ordinal));
        return field is not null && Uri.TryCreate(field[4..], UriKind.Absolute, out api!);
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

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL. Returns the exit code (137-like codes after a kill).</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            PosixSignals.Terminate(Pid);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Note($"did not exit {grace.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s after SIGTERM: SIGKILL");
                Kill();
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        else
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return _process.ExitCode;
    }

    /// <summary>A line of the launcher's own in the node's log (kills, timeouts), marked so it is not mistaken for the node's.</summary>
    public void Note(string text)
    {
        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine($"# {DateTimeOffset.Now:O} launcher: {text}");
                _log.Flush();
            }
        }
    }

    private int SafeExitCode()
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
}
