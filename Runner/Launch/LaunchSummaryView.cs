using System.Globalization;
using Spectre.Console;

namespace DumboFL.Runner.Launch;

/// <summary>The human summary of a launch: one row per shard, one per node, the load's counters and the verdict.</summary>
public static class LaunchSummaryView
{
    public static void Render(IAnsiConsole console, LaunchResult result)
    {
        var o = result.Options;
        console.MarkupLine($"[bold]DumboFL local cluster[/] · {o.Shards} shard(s) × {o.Nodes} nodes · " +
            $"{Num(o.Rate)} tx/s offered for {result.LoadSeconds.ToString("F1", CultureInfo.InvariantCulture)} s · " +
            $"{o.TxSize} B/tx · invalid {o.Invalid.ToString(CultureInfo.InvariantCulture)}" +
            (o.Kills.Count > 0 ? $" · kill {string.Join(", ", o.Kills)}" : ""));

        var shards = new Table().Border(TableBorder.Rounded)
            .AddColumn("shard").AddColumn(new TableColumn("committed tx").RightAligned()).AddColumn(new TableColumn("tx/s").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("epoch").RightAligned()).AddColumn("common height · hash").AddColumn("checks");
        foreach (var shard in result.Shards)
        {
            shards.AddRow(
                shard.Shard.ToString(CultureInfo.InvariantCulture),
                Num(shard.CommittedTx),
                Num((long)Math.Round(shard.Tps)),
                Ms(shard.P50),
                Ms(shard.P99),
                shard.Epoch.ToString(CultureInfo.InvariantCulture),
                shard.Agreement.CommonHeight is { } h ? $"{h} · {Markup.Escape(Short(shard.Agreement.HeadHash))}" : "none",
                Checks(shard));
        }
        console.Write(shards);

        var nodes = new Table().Border(TableBorder.Simple)
            .AddColumn("node").AddColumn(new TableColumn("height").RightAligned()).AddColumn("state")
            .AddColumn(new TableColumn("exit").RightAligned()).AddColumn(new TableColumn("peak RSS MB").RightAligned())
            .AddColumn(new TableColumn("CPU s").RightAligned()).AddColumn("data");
        foreach (var shard in result.Shards)
        {
            foreach (var (id, height) in shard.Heights.OrderBy(p => p.Key, NodeIdComparer.Instance))
            {
                result.Processes.TryGetValue(id, out var stats);
                nodes.AddRow(
                    id,
                    height?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    shard.Killed.Contains(id) ? "[yellow]killed[/]" : result.Warnings.Any(w => w.StartsWith($"node {id} exited on its own", StringComparison.Ordinal)) ? "[red]died[/]" : "ran",
                    result.ExitCodes.TryGetValue(id, out var code) ? code.ToString(CultureInfo.InvariantCulture) : "-",
                    stats is null ? "-" : (stats.PeakRssBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture),
                    stats is null ? "-" : stats.CpuSeconds.ToString("F1", CultureInfo.InvariantCulture),
                    Markup.Escape(result.DataDirectories.GetValueOrDefault(id, "")));
            }
        }
        console.Write(nodes);

        var load = result.Load;
        console.MarkupLine($"load: {Num(load.Accepted)} accepted · {Num(load.Refused)} refused as invalid · {Num(load.Throttled)} requests throttled (429) · " +
            $"{Num(load.Failed)} failed · {Num(load.Unreachable)} requests to unreachable nodes · {Num(load.Dropped)} offered but never sent");
        if (load.LastError is { } error && (load.Failed > 0 || load.Unreachable > 0))
        {
            console.MarkupLine($"[grey]last load error: {Markup.Escape(error)}[/]");
        }
        console.MarkupLine($"[grey]run directory {Markup.Escape(result.OutDirectory)} (node logs in logs/, ledgers in data/); " +
            $"check a ledger with: dumbofl verify --data DIR[/]");
        if (result.CrossShard is { } cross)
        {
            var p50 = cross.LatencyP50Ms is { } a ? $"{a.ToString("F0", CultureInfo.InvariantCulture)} ms" : "–";
            var p99 = cross.LatencyP99Ms is { } b ? $"{b.ToString("F0", CultureInfo.InvariantCulture)} ms" : "–";
            console.MarkupLine($"cross-shard: {Num(cross.Submitted)} txs submitted · {Num(cross.Committed)} committed · {Num(cross.Aborted)} aborted · " +
                $"{Num(cross.Pending)} pending · [{(cross.Violations.Count == 0 ? "green" : "red")}]{cross.Violations.Count} violations[/] · latency p50 {p50}, p99 {p99}");
        }
        if (result.FlRounds is { } flRounds)
        {
            console.MarkupLine("federated learning (one client per node, updates exchanged through the swarm, aggregates committed):");
            foreach (var round in flRounds)
            {
                console.MarkupLine($"  round {round.Round}: accuracy [bold]{round.Accuracy.ToString("P1", CultureInfo.InvariantCulture)}[/] · loss {round.Loss.ToString("0.000", CultureInfo.InvariantCulture)} · " +
                    $"{round.Participants.Count} updates · {Num(round.BytesExchanged)} bytes exchanged · " +
                    (round.HashesIdentical ? "[green]same model at every node[/]" : "[red]models differ[/]"));
            }
        }
        foreach (var warning in result.Warnings)
        {
            console.MarkupLine($"[yellow]warning[/]: {Markup.Escape(warning)}");
        }
        foreach (var failure in result.Failures())
        {
            console.MarkupLine($"[red]{Markup.Escape(failure)}[/]");
        }
        console.MarkupLine(result.Passed ? "[green]every check holds[/]" : "[red]checks FAILED[/]");
    }

    private static string Checks(ShardOutcome shard)
    {
        var parts = new List<string>
        {
            shard.CommittedTx > 0 ? "[green]commits ✓[/]" : "[red]commits ✗[/]",
            shard.Agreement.Agreement ? "[green]agreement ✓[/]" : "[red]agreement ✗[/]",
        };
        if (shard.CommitsAfterKill is { } after)
        {
            parts.Add(after ? "[green]after kill ✓[/]" : "[red]after kill ✗[/]");
        }
        return string.Join(" ", parts);
    }

    public static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static string Short(string? hash) => hash is null ? "none" : hash.Length > 16 ? hash[..16] + "…" : hash;
}
