namespace DumboFL.Runner.Launch;

/// <summary>
/// Whether a shard's live nodes hold the same block at their common height (the lowest tip among them), and a
/// few heights below it. Header hashes chain, so one equal hash at the common height means equal prefixes.
/// </summary>
public sealed record ShardAgreement(bool Agreement, long? CommonHeight, string? HeadHash, IReadOnlyList<string> Problems)
{
    /// <param name="tolerateStopping">
    /// After an interrupt the nodes may be shutting down on their own (a terminal's Ctrl-C reaches them too): a node
    /// that no longer answers is then left out instead of failing the check.
    /// </param>
    public static async Task<ShardAgreement> CheckAsync(LocalCluster cluster, IReadOnlyList<string> nodes, CancellationToken cancel,
        bool tolerateStopping = false)
    {
        var asked = nodes.Where(id => cluster.IsAlive(id) && cluster.TryApi(id, out _)).ToArray();
        var answers = await Task.WhenAll(asked.Select(async id =>
        {
            try
            {
                return (Id: id, Status: await cluster.Api(id).StatusAsync(cancel).ConfigureAwait(false));
            }
            catch (HttpRequestException) when (tolerateStopping || !cluster.IsAlive(id))
            {
                return (Id: id, Status: (NodeStatus?)null);
            }
        })).ConfigureAwait(false);
        var live = answers.Where(a => a.Status is not null).Select(a => a.Id).ToArray();
        var statuses = answers.Where(a => a.Status is not null).Select(a => a.Status!).ToArray();
        if (live.Length == 0)
        {
            return new ShardAgreement(false, null, null, ["no live node to ask"]);
        }
        if (statuses.Any(s => s.Height is null))
        {
            var empty = live.Where((_, i) => statuses[i].Height is null);
            return new ShardAgreement(false, null, null, [$"no block yet at {string.Join(", ", empty)}"]);
        }
        var common = statuses.Min(s => s.Height!.Value);
        var problems = new List<string>();
        string? head = null;
        // The common height, the first block, and one in the middle.
        foreach (var height in new[] { common, 0, common / 2 }.Distinct())
        {
            var replies = await Task.WhenAll(live.Select(async id =>
            {
                try
                {
                    return (Id: id, Answered: true, Hash: await cluster.Api(id).BlockHashAsync(height, cancel).ConfigureAwait(false));
                }
                catch (HttpRequestException) when (tolerateStopping || !cluster.IsAlive(id))
                {
                    return (Id: id, Answered: false, Hash: (string?)null);
                }
            })).ConfigureAwait(false);
            var hashes = replies.Where(a => a.Answered).ToArray();
            if (hashes.Length == 0)
            {
                problems.Add($"height {height}: no node answered");
                continue;
            }
            head ??= hashes[0].Hash;
            if (hashes.Any(h => h.Hash is null) || hashes.Select(h => h.Hash).Distinct(StringComparer.Ordinal).Count() != 1)
            {
                problems.Add($"height {height}: " + string.Join(", ", hashes.Select(h => $"{h.Id}={Short(h.Hash)}")));
            }
        }
        return new ShardAgreement(problems.Count == 0, common, head, problems);
    }

    private static string Short(string? hash) => hash is null ? "none" : hash.Length > 16 ? hash[..16] + "…" : hash;
}
