using System.Globalization;
using DumboFL.Simulator;
using Spectre.Console;

namespace DumboFL.Runner.Output;

/// <summary>The human summary of a simulation: one row per shard, the checks, the honest digests, the replay line.</summary>
public static class SummaryView
{
    public static void Render(IAnsiConsole console, SimulationResult result)
    {
        var options = result.Options;
        console.MarkupLine($"[bold]DumboFL simulation[/] · seed [cyan]{options.Seed}[/] · n = {options.Nodes} (f = {options.F}) · " +
            $"{options.Shards} shard(s) · E = {options.Epochs} · B = {options.Batch} · invalid {options.Invalid.ToString(CultureInfo.InvariantCulture)} · " +
            $"faults {Markup.Escape(options.Faults.ToString())}");

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("shard").AddColumn("faulty").AddColumn(new TableColumn("epochs").RightAligned())
            .AddColumn(new TableColumn("committed").RightAligned()).AddColumn(new TableColumn("honest input").RightAligned())
            .AddColumn(new TableColumn("purged").RightAligned()).AddColumn(new TableColumn("blocks").RightAligned())
            .AddColumn(new TableColumn("messages").RightAligned())
            .AddColumn(new TableColumn("sim time").RightAligned()).AddColumn(new TableColumn("wall").RightAligned())
            .AddColumn("checks").AddColumn("chain digest (honest)");
        foreach (var shard in result.Shards)
        {
            table.AddRow(
                shard.Shard.ToString(CultureInfo.InvariantCulture),
                shard.Faulty.Count == 0 ? "none" : string.Join(", ", shard.Faulty.Select(f => $"{f.Node}:{f.Kind.Name()}")),
                shard.EpochsCommitted.ToString(CultureInfo.InvariantCulture),
                shard.CommittedEntries.ToString(CultureInfo.InvariantCulture),
                $"{shard.SubmittedEntries.ToString(CultureInfo.InvariantCulture)} ({shard.SubmittedValid.ToString(CultureInfo.InvariantCulture)} valid)",
                $"{shard.Purged.ToString(CultureInfo.InvariantCulture)} (+{shard.Refused.ToString(CultureInfo.InvariantCulture)} refused)",
                $"{shard.Blocks.ToString(CultureInfo.InvariantCulture)} ({shard.EmptyBatches.ToString(CultureInfo.InvariantCulture)} empty)",
                shard.MessagesDelivered.ToString("N0", CultureInfo.InvariantCulture),
                shard.SimulatedTime.ToString("F1", CultureInfo.InvariantCulture),
                $"{shard.WallTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s",
                Checks(shard),
                Digests(shard));
        }
        console.Write(table);
        console.MarkupLine($"[grey]checks: {string.Join(", ", CheckOutcome.Names)} · committed: distinct valid entries in the ledger · " +
            "honest input: entries given to honest nodes · purged: invalid entries removed (books + commit) · blocks: (batches with no valid entry)[/]");

        foreach (var shard in result.Shards.Where(s => !s.Passed))
        {
            foreach (var check in shard.Checks.Where(c => !c.Passed))
            {
                console.MarkupLine($"[red]shard {shard.Shard}: {check.Name} FAILED[/]: {Markup.Escape(check.Detail)}");
            }
        }
        if (result.CrossShard is { } cross)
        {
            var colour = cross.Passed ? "green" : "red";
            console.MarkupLine($"cross-shard: {cross.Submitted} txs · [{colour}]{cross.Committed} committed · {cross.Aborted} aborted · " +
                $"{cross.Pending} pending · {cross.Violations.Count} violations[/] · {cross.MessagesDelivered.ToString("N0", CultureInfo.InvariantCulture)} messages");
            foreach (var violation in cross.Violations.Take(10))
            {
                console.MarkupLine($"[red]cross-shard:[/] {Markup.Escape(violation)}");
            }
        }
        var verdict = result.Passed ? "[green]all checks hold[/]" : "[red]checks FAILED[/]";
        console.MarkupLine($"{verdict} · wall {result.WallTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s · " +
            $"replay: [grey]{Markup.Escape(ReplayCommand.For(options))}[/]");
    }

    private static string Checks(ShardResult shard) => shard.Passed
        ? $"[green]all {shard.Checks.Count} hold[/]"
        : string.Join(" ", shard.Checks.Where(c => !c.Passed).Select(c => $"[red]{c.Name} ✗[/]"));

    /// <summary>One digest when every honest node has the same chain (the normal case), else each node's.</summary>
    private static string Digests(ShardResult shard)
    {
        var distinct = shard.Honest.Select(h => h.ChainDigest).Distinct().ToArray();
        return distinct.Length == 1
            ? $"{distinct[0][..16]}… (all {shard.Honest.Count})"
            : string.Join("\n", shard.Honest.Select(h => $"{h.Node}: {h.ChainDigest[..16]}…"));
    }
}
