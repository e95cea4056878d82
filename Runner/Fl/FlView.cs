using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DumboFL.Runner.Fl;

/// <summary>The round table of <c>dumbofl fl</c>: live while it runs, and the final summary.</summary>
public static class FlView
{
    public static IRenderable Render(FlTick tick)
    {
        var table = Table(tick.Rounds);
        table.Caption($"[grey]{tick.Elapsed.TotalSeconds:0} s · {tick.Rounds.Count}/{tick.TotalRounds} rounds · " +
            Markup.Escape(string.Join("  ", tick.Phases.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"))) + "[/]");
        return table;
    }

    public static void Summary(IAnsiConsole console, FlResult result)
    {
        console.Write(Table(result.Rounds));
        var last = result.Rounds.Count > 0 ? result.Rounds[^1] : null;
        console.MarkupLine(last is null
            ? "[red]no round finished[/]"
            : $"final accuracy [bold]{last.Accuracy:P1}[/] after {result.Rounds.Count} rounds in {result.Seconds:0.0} s; " +
              (result.Rounds.All(r => r.HashesIdentical) ? "[green]every honest node computed the same model in every round[/]" : "[red]honest nodes disagree[/]"));
        if (result.CorruptPeers.Count > 0)
        {
            console.MarkupLine($"[grey]corrupt peers (serving corrupted chunks): {Markup.Escape(string.Join(", ", result.CorruptPeers))}; " +
                $"chunks rejected: {result.Rounds.Sum(r => r.ChunksRejected)}[/]");
        }
        console.MarkupLine($"[grey]per-round CSV and plot: {Markup.Escape(Path.Combine(result.OutDirectory, FlOutputs.CsvFile))}, {Markup.Escape(FlOutputs.PlotFile)}[/]");
        foreach (var problem in result.Problems)
        {
            console.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
        }
    }

    private static Table Table(IReadOnlyList<FlRoundSummary> rounds)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("round").AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("loss").RightAligned())
            .AddColumn(new TableColumn("exchanged").RightAligned()).AddColumn(new TableColumn("rejected").RightAligned())
            .AddColumn(new TableColumn("train ms").RightAligned()).AddColumn(new TableColumn("commit ms").RightAligned())
            .AddColumn(new TableColumn("exchange ms").RightAligned()).AddColumn("updates").AddColumn("same model");
        foreach (var r in rounds)
        {
            table.AddRow(
                r.Round.ToString(CultureInfo.InvariantCulture),
                r.Accuracy.ToString("P1", CultureInfo.InvariantCulture),
                r.Loss.ToString("0.000", CultureInfo.InvariantCulture),
                Bytes(r.BytesExchanged),
                r.ChunksRejected.ToString(CultureInfo.InvariantCulture),
                r.TrainMs.ToString("0", CultureInfo.InvariantCulture),
                r.CommitMs.ToString("0", CultureInfo.InvariantCulture),
                r.ExchangeMs.ToString("0", CultureInfo.InvariantCulture),
                r.Participants.Count.ToString(CultureInfo.InvariantCulture),
                r.HashesIdentical ? "[green]yes[/]" : "[red]no[/]");
        }
        return table;
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.0 'MiB'", CultureInfo.InvariantCulture),
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0 'KiB'", CultureInfo.InvariantCulture),
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
