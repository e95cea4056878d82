namespace DumboFL.Runner.Launch;

/// <summary>
/// Whether a shard's live nodes hold the same block at their common height (the lowest tip among them), and a
/// few heights below it. Header hashes chain, so one equal hash at the common height means equal prefixes.
/// </summary>
public sealed record ShardAgreement(bool Agreement, long? CommonHeight, string? HeadHash, IReadOnlyList<string> Problems)
{
    public static async Task<ShardAgreement> CheckAsync(LocalCluster cluster, IReadOnlyList<string> nodes, CancellationToken cancel)
    {
        var live = nodes.Where(id => cluster.IsAlive(id) && cluster.TryApi(id, out _)).ToArray();
        if (live.Length == 0)
        {
            return new ShardAgreement(false, null, null, ["no live node"]);
        }
        var statuses = await Task.WhenAll(live.Select(id => cluster.Api(id).StatusAsync(cancel))).ConfigureAwait(false);
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
            var hashes = await Task.WhenAll(live.Select(id => cluster.Api(id).BlockHashAsync(height, cancel))).ConfigureAwait(false);
            head ??= hashes[0];
            if (hashes.Any(h => h is null) || hashes.Distinct(StringComparer.Ordinal).Count() != 1)
            {
                problems.Add($"height {height}: " + string.Join(", ", live.Select((id, i) => $"{id}={Short(hashes[i])}")));
            }
        }
        return new ShardAgreement(problems.Count == 0, common, head, problems);
    }

    private static string Short(string? hash) => hash is null ? "none" : hash.Length > 16 ? hash[..16] + "…" : hash;
}
