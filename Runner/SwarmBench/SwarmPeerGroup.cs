using System.Globalization;
using DumboFL.Learning.Swarm;
using DumboFL.Runner.Launch;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// The peers of one bench run, as <see cref="LocalCluster"/> holds a cluster's nodes: data in <c>RUN/data/ID</c>, logs in
/// <c>RUN/logs/ID.log</c>. No peer outlives the launcher: each gets <c>--parent-pid</c> and a stdin that closes with
/// the launcher, and the process-exit hook kills what is still running.
/// </summary>
internal sealed class SwarmPeerGroup : IAsyncDisposable
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly List<SwarmPeerProcess> _peers = [];
    private readonly EventHandler _onProcessExit;
    private int _disposed;

    private SwarmPeerGroup()
    {
        _onProcessExit = (_, _) => _peers.ForEach(p => p.Kill());
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public IReadOnlyList<SwarmPeerProcess> Peers => _peers;

    public static SwarmPeerGroup Start(DumboflExecutable dumbofl, string runDirectory, string clusterDirectory, string manifestPath,
        string? warmupManifestPath, IReadOnlyList<string> ids, TopologyKind topology, int seed, bool tieredCompilation)
    {
        var group = new SwarmPeerGroup();
        // Without tiered compilation every method is compiled once, fully optimised, at its first call (during the
        // warm-up): the code a warm node runs (dumbofl has dynamic PGO off, so tier 1 is the same code), and no
        // background re-JIT of eight fresh processes competes with the timed spread for the cores.
        var environment = tieredCompilation
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" };
        try
        {
            foreach (var id in ids)
            {
                string[] arguments =
                [
                    "swarm-peer", "--cluster", clusterDirectory, "--id", id, "--data", DataDirectory(runDirectory, id),
                    "--manifest", manifestPath, "--topology", topology.ToString().ToLowerInvariant(),
                    "--seed", seed.ToString(CultureInfo.InvariantCulture),
                    "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                    .. warmupManifestPath is null ? Array.Empty<string>() : ["--warmup-manifest", warmupManifestPath],
                ];
                group._peers.Add(SwarmPeerProcess.Start(dumbofl, id, arguments, Path.Combine(runDirectory, "logs", id + ".log"), environment));
            }
            return group;
        }
        catch
        {
            group.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public static string DataDirectory(string runDirectory, string id) => Path.Combine(runDirectory, "data", id);

    /// <summary>Every peer's idle RSS once all printed ready; a peer that exits first fails it, and so does the deadline.</summary>
    public async Task<IReadOnlyDictionary<string, long>> WaitReadyAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var idle = await WaitAllAsync(_peers.Select(p => p.Ready), timeout, "printed no ready line", cancel).ConfigureAwait(false);
        return _peers.Select((p, i) => (p.Id, idle[i])).ToDictionary(p => p.Id, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>Spreads the warm-up update and waits until every peer holds it.</summary>
    public async Task<PeerReport[]> WarmUpAsync(TimeSpan timeout, CancellationToken cancel)
    {
        foreach (var peer in _peers)
        {
            peer.Warmup();
        }
        return await WaitAllAsync(_peers.Select(p => p.Warm), timeout, "did not hold the warm-up update", cancel).ConfigureAwait(false);
    }

    public async Task<(PeerReport Report, long ArrivedAt)[]> WaitDoneAsync(TimeSpan timeout, CancellationToken cancel) =>
        await WaitAllAsync(_peers.Select(p => p.Done), timeout, "did not hold the whole update", cancel).ConfigureAwait(false);

    /// <summary>Tells every peer to stop, and returns their final reports (peak RSS over the whole exchange, final counters).</summary>
    public async Task<PeerReport[]> StopAsync()
    {
        await Task.WhenAll(_peers.Select(p => p.StopAsync(StopGrace))).ConfigureAwait(false);
        return await Task.WhenAll(_peers.Select(p => p.Final)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await Task.WhenAll(_peers.Select(p => p.StopAsync(StopGrace))).ConfigureAwait(false);
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
        }
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
    }

    /// <summary>All of them, or the first failure at once (a peer that crashed would otherwise leave the rest waiting for the deadline).</summary>
    private async Task<T[]> WaitAllAsync<T>(IEnumerable<Task<T>> tasks, TimeSpan timeout, string what, CancellationToken cancel)
    {
        var all = tasks.ToArray();
        var pending = all.ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        while (pending.Count > 0)
        {
            Task<T> finished;
            try
            {
                finished = await Task.WhenAny(pending).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                var late = _peers.Where((_, i) => !all[i].IsCompleted).Select(p => p.Id);
                throw new TimeoutException($"swarm peers {string.Join(", ", late)} {what} within {timeout.TotalSeconds:F0} s");
            }
            pending.Remove(finished);
            await finished.ConfigureAwait(false);
        }
        return all.Select(t => t.Result).ToArray();
    }
}
