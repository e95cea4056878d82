using System.CommandLine;
using System.Text.Json.Nodes;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Commands;

/// <summary><c>dumbofl proof --data DIR --entry ID [--json]</c>: an entry's inclusion proof up to its block header.</summary>
public static class ProofCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data", "-d") { Description = "The node's data directory", Required = true };
        var entry = new Option<string>("--entry", "-e") { Description = "The entry id (64 hex digits)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("proof", "Print an entry's Merkle inclusion proof up to its block header") { data, entry, json };
        command.SetAction(result => Run(result.GetValue(data)!, result.GetValue(entry)!, result.GetValue(json), context));
        return command;
    }

    private static int Run(string dataDirectory, string entryHex, bool json, CliContext context)
    {
        if (entryHex.Length != 64 || !entryHex.All(Uri.IsHexDigit))
        {
            context.Error.WriteLine($"dumbofl proof: --entry must be 64 hex digits, got '{entryHex}'");
            return ExitCodes.BadArguments;
        }
        using var store = LedgerDirectory.TryOpen(dataDirectory, out var error);
        if (store is null)
        {
            context.Error.WriteLine($"dumbofl proof: {error}");
            return ExitCodes.BadArguments;
        }
        var id = Hash32.FromHex(entryHex);
        if (store.FindEntry(id) is not { } location)
        {
            context.Error.WriteLine($"dumbofl proof: entry {entryHex} is not in the ledger");
            return ExitCodes.CheckFailed;
        }
        var block = store.GetBlock(location.Height)!;
        var proof = EntryProof.Create(block, id);
        var verified = proof.Verify(block.Header);
        if (json)
        {
            context.Out.WriteLine(Node.BlockJson.RenderProof(block, id).ToJsonString());
        }
        else
        {
            context.Out.WriteLine($"entry {entryHex} in block {location.Height} ({block.Header.Hash.ToHex()}), group {proof.Group.Group}");
            context.Out.WriteLine($"  in group: index {proof.InGroup.LeafIndex} of {proof.InGroup.TreeSize}, {proof.InGroup.Path.Count} hashes");
            context.Out.WriteLine($"  in top tree: index {proof.InTop.LeafIndex} of {proof.InTop.TreeSize}, {proof.InTop.Path.Count} hashes");
            context.Out.WriteLine(verified ? "  verifies against the header's top root" : "  DOES NOT VERIFY");
        }
        return verified ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}
