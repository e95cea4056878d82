using System.Globalization;
using DumboFL.Runner.Launch;
using Spectre.Console;

namespace DumboFL.Runner.SwarmBench;

/// <summary>The human summary of <c>bench swarm</c>: medians per topology against the loopback bound, then each node's RSS rise.</summary>
public static class SwarmBenchView
{
    public static void Render(IAnsiConsole console, SwarmBenchResult result, MachineInfo machine, string command)
    {
        var options = result.Options;
        console.MarkupLine($"[bold]DumboFL swarm spread[/] · {Markup.Escape(command)}");
        console.MarkupLine($"[grey]{machine.Cores} cores · {Markup.Escape(machine.Cpu)} · {Markup.Escape(machine.Os)} · {Markup.Escape(machine.Runtime)}[/]");
        console.MarkupLine(Say($"{options.SizeMib} MiB from {SwarmBenchRun.Source} to {options.Nodes - 1} peers, {options.ChunkSize / 1024} KiB chunks, after a {options.WarmupMib} MiB warm-up, {(options.TieredCompilation ? "tiered" : "full")} JIT; medians of {options.Runs} run(s) per topology"));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("topology")
            .AddColumn(Right("spread s")).AddColumn(Right("TCP MiB/s")).AddColumn(Right("bound s")).AddColumn(Right("ratio"))
            .AddColumn(Right("TLS MiB/s")).AddColumn(Right("ratio (TLS)")).AddColumn(Right("ratio (all copies, TLS)"))
            .AddColumn(Right("cores busy")).AddColumn(Right("requests/chunk")).AddColumn(Right("duplicates"))
            .AddColumn(Right("max RSS rise MiB")).AddColumn(Right("× update"));
        foreach (var topology in result.Topologies)
        {
            var (run, largest) = topology.LargestRss;
            table.AddRow(
                SwarmBenchJson.Name(topology),
                Say($"{topology.SpreadMs / 1000:F2}"),
                Say($"{topology.TcpBytesPerSecond / 1048576:F0}"),
                Say($"{topology.BoundMs / 1000:F3}"),
                Say($"{topology.Ratio:F1}×"),
                Say($"{topology.TlsBytesPerSecond / 1048576:F0}"),
                Say($"{topology.RatioTls:F1}×"),
                Say($"{topology.RatioAllCopiesTls:F1}×"),
                Say($"{topology.CoresBusy:F2}"),
                Say($"{topology.RequestsPerChunk:F3}"),
                Say($"{topology.DuplicatePieces:F0}"),
                Say($"{largest.PeakAboveIdleBytes / 1048576.0:F0} ({largest.Id})"),
                Say($"{run.RssMultiple(largest):F2}"));
        }
        console.Write(table);

        var nodes = new Table().Border(TableBorder.Simple).AddColumn("node");
        foreach (var topology in result.Topologies)
        {
            nodes.AddColumn(Right($"{SwarmBenchJson.Name(topology)}: RSS rise MiB (× update)"));
        }
        var ids = result.Topologies[0].PeakAboveIdleByNode.Select(n => (n.Id, n.Source)).ToArray();
        foreach (var (id, source) in ids)
        {
            var row = new List<string> { source ? id + " (source)" : id };
            foreach (var topology in result.Topologies)
            {
                var bytes = topology.PeakAboveIdleByNode.First(n => n.Id == id).Bytes;
                row.Add(Say($"{bytes / 1048576.0:F0} ({(double)bytes / options.SizeBytes:F2})"));
            }
            nodes.AddRow(row.ToArray());
        }
        console.Write(nodes);
        console.MarkupLine($"[grey]bound: the update's size at the loopback TCP rate ({Markup.Escape(SwarmBenchJson.LoopbackNote)}); " +
            "all copies: every receiver's copy at the TLS rate, one after another; cores busy: the peers' CPU from go to stop over the spread time; " +
            "requests/chunk and duplicates over the receivers; RSS rise: peak (VmHWM) above idle, the largest over the runs[/]");
        console.MarkupLine($"[grey]run directory {Markup.Escape(result.OutDirectory)}[/]");
    }

    private static TableColumn Right(string header) => new TableColumn(header).RightAligned();

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
