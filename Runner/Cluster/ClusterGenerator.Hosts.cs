using System.Globalization;

namespace DumboFL.Runner.Cluster;

public static partial class ClusterGenerator
{
    /// <summary>
    /// A hosts file for <c>keygen --hosts</c>: one entry per line, <c>HOST</c> or <c>S-I HOST</c>; <c>#</c> starts a
    /// comment. <c>S-I HOST</c> places that node; the nodes no line names get the plain <c>HOST</c> lines
    /// round-robin, in id order (0-0, 0-1, …, 1-0, …). Returns a host for every node.
    /// </summary>
    /// <exception cref="ClusterFileException">Unreadable file, malformed line, unknown or repeated id, or a node left without a host; names the line.</exception>
    public static IReadOnlyDictionary<string, string> ParseHostsFile(string path, int shards, int nodesPerShard)
    {
        CheckLayout(shards, nodesPerShard);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterFileException($"{path}: cannot be read ({e.Message})", e);
        }
        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        var pool = new List<string>();
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            var words = (comment < 0 ? line : line[..comment]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var where = $"{path}:{number}";
            switch (words.Length)
            {
                case 0:
                    break;
                case 1:
                    pool.Add(CheckedHost(words[0], where));
                    break;
                case 2:
                    var id = CheckedId(words[0], shards, nodesPerShard, where);
                    if (!placed.TryAdd(id, CheckedHost(words[1], where)))
                    {
                        throw new ClusterFileException($"{where}: node {id} is placed a second time");
                    }
                    break;
                default:
                    throw new ClusterFileException($"{where}: expected 'HOST' or 'S-I HOST', found '{line.Trim()}'");
            }
        }
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 0;
        foreach (var id in NodeIdsOf(shards, nodesPerShard))
        {
            if (placed.TryGetValue(id, out var host))
            {
                hosts[id] = host;
            }
            else if (pool.Count > 0)
            {
                hosts[id] = pool[next++ % pool.Count];
            }
            else
            {
                throw new ClusterFileException($"{path}: no host for node {id} (add a line 'HOST' or '{id} HOST')");
            }
        }
        return hosts;
    }

    private static string CheckedHost(string host, string where) =>
        Uri.CheckHostName(host) != UriHostNameType.Unknown
            ? host
            : throw new ClusterFileException($"{where}: '{host}' is not a host name or IP address");

    private static string CheckedId(string id, int shards, int nodesPerShard, string where)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !int.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            || !int.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new ClusterFileException($"{where}: '{id}' is not a node id S-I");
        }
        if (shard >= shards || index >= nodesPerShard)
        {
            throw new ClusterFileException($"{where}: there is no node {id} in {shards} shard(s) of {nodesPerShard} nodes");
        }
        // "00-1" parses too; the canonical spelling is the one the cluster uses.
        return IdOf(shard, index);
    }
}
