using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DumboFL.Runner.Launch;

/// <summary>
/// The live view of a launch on a terminal: elapsed time, and per shard the epoch, committed tx/s over the last
/// few seconds, latency, pool and every node's height. Keeps the last ticks to compute the rates.
/// </summary>
public sealed class LaunchLiveView
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

    private readonly Queue<(TimeSpan At, long[] Committed)> _history = new();

    public IRenderable Render(LaunchTick tick)
    {
        var committed = tick.Shards.Select(s => s.Committed).ToArray();
        _history.Enqueue((tick.Elapsed, committed));
        while (_history.Count > 2 && tick.Elapsed - _history.Peek().At > RateWindow)
        {
            _history.Dequeue();
        }
        var (since, before) = _history.Peek();
        var seconds = (tick.Elapsed - since).TotalSeconds;

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{tick.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} / {tick.Duration.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s · " +
                $"{LaunchSummaryView.Num(tick.Load.Accepted)} accepted · {LaunchSummaryView.Num(tick.Load.Refused)} refused · {LaunchSummaryView.Num(tick.Load.Throttled)} throttled")
            .AddColumn("shard").AddColumn(new TableColumn("epoch").RightAligned()).AddColumn(new TableColumn("committed").RightAligned())
            .AddColumn(new TableColumn("tx/s").RightAligned()).AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned()).AddColumn(new TableColumn("pool").RightAligned()).AddColumn("heights");
        for (var s = 0; s < tick.Shards.Count; s++)
        {
            var shard = tick.Shards[s];
            var latency = shard.Latency;
            var rate = seconds > 0 ? (committed[s] - before[s]) / seconds : 0;
            table.AddRow(
                shard.Shard.ToString(CultureInfo.InvariantCulture),
                shard.Epoch.ToString(CultureInfo.InvariantCulture),
                LaunchSummaryView.Num(committed[s]),
                LaunchSummaryView.Num((long)rate),
                LaunchSummaryView.Ms(latency.Quantile(0.5)),
                LaunchSummaryView.Ms(latency.Quantile(0.99)),
                LaunchSummaryView.Num(shard.Pool),
                string.Join("  ", shard.Nodes.Select(id => Height(id, shard, tick))));
        }
        return table;
    }

    private static string Height(string id, ShardView shard, LaunchTick tick)
    {
        var height = shard.Heights[id]?.ToString(CultureInfo.InvariantCulture) ?? "-";
        if (tick.Killed.Contains(id))
        {
            return $"[yellow]{id}:{height}✝[/]";
        }
        return tick.Dead.Contains(id) ? $"[red]{id}:{height}✗[/]" : $"{id}:{height}";
    }
}
