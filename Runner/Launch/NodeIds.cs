using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>Node ids are <c>S-I</c>: shard number, dash, index inside the shard (docs/NODE.md, cluster files).</summary>
public static class NodeIds
{
    public static string Of(int shard, int index) => $"{shard.ToString(CultureInfo.InvariantCulture)}-{index.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string id, out int shard, out int index)
    {
        shard = index = -1;
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && int.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out shard)
            && int.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>The shard of a well-formed id (validated earlier, e.g. by the options).</summary>
    public static int ShardOf(string id) =>
        TryParse(id, out var shard, out _) ? shard : throw new FormatException($"'{id}' is not a node id S-I");
}
