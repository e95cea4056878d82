using System.Collections.Concurrent;
using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>
/// The node processes of one cluster on this machine: starts (and restarts) them, knows their API addresses,
/// kills and stops them. Data directories are <c>RUN/data/S-I</c>, logs <c>RUN/logs/S-I.log</c>. Whatever
/// happens to the launcher, no node outlives it: every node gets <c>--parent-pid</c>, and the process-exit
/// hook kills what is still running.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly DumboflExecutable _dumbofl;
    private readonly string _clusterDirectory;
    private readonly string _runDirectory;
    private readonly IReadOnlyList<string> _nodeArguments;
    private readonly ConcurrentDictionary<string, NodeProcess> _processes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NodeApi> _apis = new(StringComparer.Ordinal);
    private readonly EventHandler _onProcessExit;
    private int _disposed;

    public LocalCluster(DumboflExecutable dumbofl, string clusterDirectory, string runDirectory,
        IReadOnlyList<string> nodeIds, IReadOnlyList<string>? nodeArguments = null)
    {
        _dumbofl = dumbofl;
        _clusterDirectory = clusterDirectory;
        _runDirectory = runDirectory;
        NodeIds = nodeIds;
        _nodeArguments = nodeArguments ?? [];
        Http = NodeApi.CreateHttpClient();
        _onProcessExit = (_, _) => KillAll();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public IReadOnlyList<string> NodeIds { get; }

    /// <summary>Words before each node's command, <c>{id}</c> replaced (e.g. <c>ip netns exec dfl-{id}</c>).</summary>
    public IReadOnlyList<string> NodePrefix { get; init; } = [];

    /// <summary>API addresses to use instead of the ready lines' (a node in another network namespace).</summary>
    public IReadOnlyDictionary<string, Uri>? ApiAddresses { get; init; }

    public HttpClient Http { get; }

    public string DataDirectory(string id) => Path.Combine(_runDirectory, "data", id);

    public string LogPath(string id) => Path.Combine(_runDirectory, "logs", id + ".log");

    public NodeProcess? Process(string id) => _processes.TryGetValue(id, out var process) ? process : null;

    public bool IsAlive(string id) => Process(id) is { HasExited: false };

    /// <summary>The node's API client; only after its ready line.</summary>
    public NodeApi Api(string id) => _apis.TryGetValue(id, out var api)
        ? api
        : throw new InvalidOperationException($"node {id} has not reported ready");

    public bool TryApi(string id, out NodeApi api) => _apis.TryGetValue(id, out api!);

    public IEnumerable<string> LiveNodes => NodeIds.Where(IsAlive);

    /// <summary>Starts a node, or restarts one that has exited (same data directory, log appended).</summary>
    public NodeProcess Start(string id)
    {
        if (IsAlive(id))
        {
            throw new InvalidOperationException($"node {id} is already running");
        }
        var arguments = new List<string>
        {
            "node", "--cluster", _clusterDirectory, "--id", id, "--data", DataDirectory(id),
            "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        arguments.AddRange(_nodeArguments);
        Directory.CreateDirectory(DataDirectory(id));
        if (_processes.TryRemove(id, out var previous))
        {
            // It has exited: this only drains its output and closes its log before the new life appends to it.
            previous.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        var process = NodeProcess.Start(ExecutableFor(id), id, arguments, LogPath(id));
        _processes[id] = process;
        _apis.TryRemove(id, out _);
        return process;
    }

    private DumboflExecutable ExecutableFor(string id)
    {
        if (NodePrefix.Count == 0)
        {
            return _dumbofl;
        }
        var words = NodePrefix.Select(w => w.Replace("{id}", id, StringComparison.Ordinal)).ToArray();
        return new DumboflExecutable(words[0], [.. words.Skip(1), _dumbofl.FileName, .. _dumbofl.PrefixArguments]);
    }

    /// <summary>Starts every node and waits until each printed its ready line and answers <c>GET /status</c>.</summary>
    public async Task StartAllAsync(TimeSpan timeout, CancellationToken cancel)
    {
        foreach (var id in NodeIds)
        {
            Start(id);
        }
        await Task.WhenAll(NodeIds.Select(id => WaitReadyAsync(id, timeout, cancel))).ConfigureAwait(false);
    }

    public async Task WaitReadyAsync(string id, TimeSpan timeout, CancellationToken cancel)
    {
        var process = Process(id) ?? throw new InvalidOperationException($"node {id} was not started");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        Uri address;
        try
        {
            address = await process.Ready.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"node {id} printed no ready line within {timeout.TotalSeconds:F0} s (log: {LogPath(id)})");
        }
        catch (NodeExitedException e)
        {
            throw new NodeExitedException($"{e.Message} before it was ready (log: {LogPath(id)})", e);
        }
        if (ApiAddresses is not null && ApiAddresses.TryGetValue(id, out var instead))
        {
            address = instead;
        }
        var api = new NodeApi(Http, address);
        while (true)
        {
            try
            {
                await api.StatusAsync(deadline.Token).ConfigureAwait(false);
                break;
            }
            catch (HttpRequestException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(100, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"node {id} does not answer GET /status at {address} (log: {LogPath(id)})");
            }
        }
        _apis[id] = api;
    }

    /// <summary>SIGKILL one node, as a crash.</summary>
    public void Kill(string id)
    {
        if (Process(id) is { } process)
        {
            process.Note("SIGKILL (--kill)");
            process.Kill();
        }
    }

    /// <summary>SIGTERM every running node at once, then wait; returns each node's exit code (of those that ran).</summary>
    public async Task<IReadOnlyDictionary<string, int>> StopAllAsync(TimeSpan grace)
    {
        var stopping = _processes.ToArray().Select(async pair => (pair.Key, Code: await pair.Value.StopAsync(grace).ConfigureAwait(false)));
        var codes = await Task.WhenAll(stopping).ConfigureAwait(false);
        return codes.ToDictionary(c => c.Key, c => c.Code, StringComparer.Ordinal);
    }

    /// <summary>Stop one node gracefully (SIGTERM, grace, SIGKILL); returns its exit code.</summary>
    public Task<int> StopAsync(string id, TimeSpan grace) =>
        Process(id) is { } process ? process.StopAsync(grace) : Task.FromResult(0);

    private void KillAll()
    {
        foreach (var process in _processes.Values)
        {
            process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await StopAllAsync(StopGrace).ConfigureAwait(false);
        foreach (var process in _processes.Values)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        Http.Dispose();
    }
}
