using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using DumboFL.Ledger.Blocks;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl verify --data DIR [--height H] [--json]</c>: re-checks a node's whole ledger (hash chain, every
/// group and top root recomputed from the stored entries, certificate structure). Exit 1 on a corrupt
/// ledger, naming the first bad height.
/// </summary>
public static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data", "-d") { Description = "The node's data directory", Required = true };
        var height = new Option<ulong?>("--height") { Description = "Check up to this height (default: the latest)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("verify", "Re-check a node's ledger: hash chain, Merkle roots, certificates") { data, height, json };
        command.SetAction(result => Run(result.GetValue(data)!, result.GetValue(height), result.GetValue(json), context));
        return command;
    }

    private static int Run(string dataDirectory, ulong? height, bool json, CliContext context)
    {
        using var store = LedgerDirectory.TryOpen(dataDirectory, out var error);
        if (store is null)
        {
            context.Error.WriteLine($"dumbofl verify: {error}");
            return ExitCodes.BadArguments;
        }
        if (height is { } h && (store.Height is null || h > store.Height))
        {
            context.Error.WriteLine($"dumbofl verify: --height {h} is beyond the ledger (latest {store.Height?.ToString() ?? "none"})");
            return ExitCodes.BadArguments;
        }
        var report = ChainVerifier.Verify(store, height);
        if (json)
        {
            var errors = new JsonArray();
            foreach (var e in report.Errors)
            {
                errors.Add(e);
            }
            var output = new JsonObject
            {
                ["ok"] = report.Ok,
                ["height"] = report.Height is { } reported ? JsonValue.Create(reported) : null,
                ["hash"] = report.HeadHash?.ToHex(),
                ["errors"] = errors,
            };
            context.Out.WriteLine(output.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }
        else if (report.Ok)
        {
            context.Out.WriteLine(report.Height is null
                ? "ledger is empty"
                : $"ok: {report.Height + 1} blocks, head {report.HeadHash!.Value.ToHex()} at height {report.Height}");
        }
        if (!report.Ok)
        {
            context.Error.WriteLine($"dumbofl verify: ledger corrupt from height {report.FirstBadHeight}");
            foreach (var e in report.Errors.Take(20))
            {
                context.Error.WriteLine($"  {e}");
            }
            return ExitCodes.CheckFailed;
        }
        return ExitCodes.Ok;
    }
}
