using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>
/// One running <c>dumbofl node</c>: its output goes to its log file, its <c>ready &lt;id&gt; api=URL</c> line
/// resolves <see cref="Ready"/>. Stopping is SIGTERM, a grace period, then SIGKILL.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly LoggedProcess _process;
    private readonly TaskCompletionSource<Uri> _ready;

    private NodeProcess(string id, LoggedProcess process, TaskCompletionSource<Uri> ready)
    {
        Id = id;
        _process = process;
        _ready = ready;
        Started = DateTimeOffset.UtcNow;
    }

    public string Id { get; }

    public int Pid => _process.Pid;

    public DateTimeOffset Started { get; }

    /// <summary>The node's API address, once it printed its ready line; faults if it exits before.</summary>
    public Task<Uri> Ready => _ready.Task;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCodeOrMinusOne : null;

    public Task Exited => _process.WaitForExitAsync(CancellationToken.None);

    public static NodeProcess Start(DumboflExecutable dumbofl, string id, IEnumerable<string> arguments, string logPath)
    {
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = LoggedProcess.Start(dumbofl, arguments, logPath,
            onStdout: line =>
            {
                if (TryParseReady(line, out var api))
                {
                    ready.TrySetResult(api);
                }
            },
            onExited: exited => ready.TrySetException(new NodeExitedException(id, exited.ExitCodeOrMinusOne)));
        return new NodeProcess(id, process, ready);
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
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL. Returns the exit code (137-like codes after a kill).</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            PosixSignals.Terminate(Pid);
            await _process.ExitOrKillAsync(grace, $"did not exit {grace.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s after SIGTERM: SIGKILL").ConfigureAwait(false);
        }
        else
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return _process.ExitCodeOrMinusOne;
    }

    /// <summary>A line of the launcher's own in the node's log (kills, timeouts), marked so it is not mistaken for the node's.</summary>
    public void Note(string text) => _process.Note(text);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
