using System.CommandLine;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl merkle consistency FILE --old-size M [--json]</c>: the proof that the tree of FILE's first M leaves is
/// a prefix of the tree of all of them.
/// </summary>
public static class MerkleConsistencyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = MerkleLeafFile.FormatHelp };
        var oldSize = new Option<int>("--old-size", "-m") { HelpName = "M", Description = "Leaves in the older tree (1..leaves in FILE)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout (the format 'merkle verify --proof' reads)" };
        var command = new Command("consistency", "Print the consistency proof from the first M leaves of FILE to all of them") { file, oldSize, json };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(oldSize), result.GetValue(json), context));
        return command;
    }

    private static int Run(string file, int oldSize, bool json, CliContext context)
    {
        var leafHashes = MerkleLeafFile.TryReadLeafHashes(file, out var error);
        if (leafHashes is null)
        {
            context.Error.WriteLine($"dumbofl merkle consistency: {error}");
            return ExitCodes.BadArguments;
        }
        if (oldSize < 1 || oldSize > leafHashes.Length)
        {
            context.Error.WriteLine(leafHashes.Length == 0
                ? $"dumbofl merkle consistency: --old-size {oldSize} is out of range: {file} has no leaves"
                : $"dumbofl merkle consistency: --old-size {oldSize} is out of range: {file} has {leafHashes.Length} leaves (1..{leafHashes.Length})");
            return ExitCodes.BadArguments;
        }

        var tree = MerkleTree.FromLeafHashes(leafHashes);
        var proof = tree.ProveConsistency(oldSize);
        var oldRoot = tree.RootAt(oldSize);
        if (json)
        {
            context.Out.WriteLine(MerkleProofFile.Write(proof, oldRoot, tree.Root));
            return ExitCodes.Ok;
        }
        context.Out.WriteLine($"tree of {oldSize} leaves is a prefix of the tree of {tree.Size}");
        context.Out.WriteLine($"old root   {oldRoot.ToHex()}");
        context.Out.WriteLine($"new root   {tree.Root.ToHex()}");
        context.Out.WriteLine($"path       {proof.Path.Count} hashes");
        for (var i = 0; i < proof.Path.Count; i++)
        {
            context.Out.WriteLine($"  {i,3}  {proof.Path[i].ToHex()}");
        }
        return ExitCodes.Ok;
    }
}
