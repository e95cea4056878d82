using System.Collections.Concurrent;

namespace DumboFL.Runner.Launch;

/// <summary>
/// Polls <c>GET /status</c> of every live node at a fixed interval and keeps the latest answer of each (a killed
/// node keeps its last one), for the live view and the summary.
/// </summary>
public sealed class StatusPoller : IAsyncDisposable
{
    private readonly LocalCluster _cluster;
    private readonly TimeSpan _interval;
    private readonly ConcurrentDictionary<string, NodeStatus> _latest = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public StatusPoller(LocalCluster cluster, TimeSpan interval)
    {
        _cluster = cluster;
        _interval = interval;
    }

    public IReadOnlyDictionary<string, NodeStatus> Latest => _latest;

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Asks every live node now (each with a short deadline) and returns the updated view.</summary>
    public async Task<IReadOnlyDictionary<string, NodeStatus>> PollAsync(CancellationToken cancel)
    {
        await Task.WhenAll(_cluster.LiveNodes.ToArray().Select(id => PollOneAsync(id, cancel))).ConfigureAwait(false);
        return new Dictionary<string, NodeStatus>(_latest, StringComparer.Ordinal);
    }

    private async Task PollOneAsync(string id, CancellationToken cancel)
    {
        if (!_cluster.TryApi(id, out var api))
        {
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            _latest[id] = await api.StatusAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or FormatException
            && !cancel.IsCancellationRequested)
        {
            // A busy, killed or restarting node: keep its last answer.
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                await PollAsync(_stop.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
