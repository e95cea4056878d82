using System.Globalization;
using Spectre.Console;

namespace DumboFL.Runner.Launch;

/// <summary>The human summary of a bench: every step, saturation and half load, each node's memory and CPU.</summary>
public static class BenchSummaryView
{
    public static void Render(IAnsiConsole console, BenchResult result, MachineInfo machine, string command)
    {
        console.MarkupLine($"[bold]DumboFL benchmark[/] · {Markup.Escape(command)}");
        console.MarkupLine($"[grey]{machine.Cores} cores · {Markup.Escape(machine.Cpu)} · {Markup.Escape(machine.Os)} · {Markup.Escape(machine.Runtime)}[/]");
        if (result.Steps.Count > 0)
        {
            var steps = new Table().Border(TableBorder.Rounded)
                .AddColumn("step").AddColumn(new TableColumn("offered tx/s").RightAligned()).AddColumn(new TableColumn("committed tx/s").RightAligned())
                .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned())
                .AddColumn(new TableColumn("429s").RightAligned()).AddColumn(new TableColumn("node CPU (cores)").RightAligned())
                .AddColumn(new TableColumn("launcher CPU").RightAligned());
            foreach (var step in result.Steps)
            {
                var mark = ReferenceEquals(step, result.Saturation) ? " [green](saturation)[/]" : ReferenceEquals(step, result.Half) ? " [green](half)[/]" : "";
                steps.AddRow(
                    step.Label + mark,
                    LaunchSummaryView.Num((long)step.OfferedRate),
                    LaunchSummaryView.Num((long)step.CommittedTps),
                    LaunchSummaryView.Ms(step.P50),
                    LaunchSummaryView.Ms(step.P99),
                    LaunchSummaryView.Num(step.Throttled),
                    string.Join(" ", step.NodeCores.OrderBy(c => c.Key, NodeIdComparer.Instance).Select(c => c.Value.ToString("F2", CultureInfo.InvariantCulture))),
                    step.LauncherCores.ToString("F2", CultureInfo.InvariantCulture));
            }
            console.Write(steps);
        }
        if (result.Saturation is { } saturation)
        {
            console.MarkupLine($"saturation: [bold]{LaunchSummaryView.Num((long)saturation.CommittedTps)} committed tx/s[/], p50 {LaunchSummaryView.Ms(saturation.P50)} ms, " +
                $"p99 {LaunchSummaryView.Ms(saturation.P99)} ms ({Markup.Escape(result.StopReason)})");
        }
        if (result.Half is { } half)
        {
            console.MarkupLine($"half load:  {LaunchSummaryView.Num((long)half.CommittedTps)} committed tx/s, p50 {LaunchSummaryView.Ms(half.P50)} ms, p99 {LaunchSummaryView.Ms(half.P99)} ms");
        }
        if (result.Rss is { } rss)
        {
            RenderRss(console, rss);
        }
        var processes = new Table().Border(TableBorder.Simple)
            .AddColumn("process").AddColumn(new TableColumn("peak RSS MB").RightAligned()).AddColumn(new TableColumn("CPU s").RightAligned());
        foreach (var (id, stats) in result.Processes.OrderBy(p => p.Key, NodeIdComparer.Instance))
        {
            processes.AddRow(id, (stats.PeakRssBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture), stats.CpuSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }
        if (result.Launcher is { } launcher)
        {
            processes.AddRow("launcher", (launcher.PeakRssBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture), launcher.CpuSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }
        console.Write(processes);
        foreach (var warning in result.Warnings)
        {
            console.MarkupLine($"[yellow]warning[/]: {Markup.Escape(warning)}");
        }
        console.MarkupLine($"[grey]run directory {Markup.Escape(result.OutDirectory)}[/]");
    }

    private static void RenderRss(IAnsiConsole console, RssSeries rss)
    {
        var ids = rss.RssBytes.Keys.OrderBy(k => k, NodeIdComparer.Instance).ToArray();
        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("t s").RightAligned())
            .AddColumn(new TableColumn("committed tx/s").RightAligned()).AddColumn(new TableColumn("p50 ms").RightAligned());
        foreach (var id in ids)
        {
            table.AddColumn(new TableColumn($"{id} RSS MB").RightAligned());
        }
        for (var i = 0; i < rss.Seconds.Count; i++)
        {
            var row = new List<string>
            {
                rss.Seconds[i].ToString("F0", CultureInfo.InvariantCulture),
                LaunchSummaryView.Num((long)rss.CommittedTps[i]),
                LaunchSummaryView.Ms(rss.P50[i]),
            };
            row.AddRange(ids.Select(id => (rss.RssBytes[id][i] / 1048576.0).ToString("F0", CultureInfo.InvariantCulture)));
            table.AddRow(row.ToArray());
        }
        console.Write(table);
        var trend = rss.TrendMbPerMinute();
        console.MarkupLine("RSS trend over the second half (MB/min): " +
            string.Join(", ", ids.Select(id => $"{id} {trend[id].ToString("+0.00;-0.00", CultureInfo.InvariantCulture)}")));
    }
}
