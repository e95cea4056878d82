namespace DumboFL.Runner.Launch;

/// <summary>Orders node ids by shard, then index (so 0-10 comes after 0-9), anything else after, by text.</summary>
public sealed class NodeIdComparer : IComparer<string>
{
    public static NodeIdComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var xOk = NodeIds.TryParse(x ?? "", out var xs, out var xi);
        var yOk = NodeIds.TryParse(y ?? "", out var ys, out var yi);
        if (xOk && yOk)
        {
            return xs != ys ? xs.CompareTo(ys) : xi.CompareTo(yi);
        }
        return xOk != yOk ? (xOk ? -1 : 1) : string.CompareOrdinal(x, y);
    }
}
