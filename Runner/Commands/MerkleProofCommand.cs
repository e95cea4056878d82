using System.CommandLine;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Commands;

/// <summary><c>dumbofl merkle proof FILE --index I [--json]</c>: the inclusion proof (audit path) of one leaf.</summary>
public static class MerkleProofCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = MerkleLeafFile.FormatHelp };
        var index = new Option<int>("--index", "-i") { HelpName = "I", Description = "Index of the leaf (0-based line number)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout (the format 'merkle verify --proof' reads)" };
        var command = new Command("proof", "Print the inclusion proof of leaf I of FILE") { file, index, json };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(index), result.GetValue(json), context));
        return command;
    }

    private static int Run(string file, int index, bool json, CliContext context)
    {
        var leafHashes = MerkleLeafFile.TryReadLeafHashes(file, out var error);
        if (leafHashes is null)
        {
            context.Error.WriteLine($"dumbofl merkle proof: {error}");
            return ExitCodes.BadArguments;
        }
        if (index < 0 || index >= leafHashes.Length)
        {
            context.Error.WriteLine(leafHashes.Length == 0
                ? $"dumbofl merkle proof: --index {index} is out of range: {file} has no leaves"
                : $"dumbofl merkle proof: --index {index} is out of range: {file} has {leafHashes.Length} leaves (0..{leafHashes.Length - 1})");
            return ExitCodes.BadArguments;
        }

        var tree = MerkleTree.FromLeafHashes(leafHashes);
        var proof = tree.ProveInclusion(index);
        if (json)
        {
            context.Out.WriteLine(MerkleProofFile.Write(proof, tree.LeafHash(index), tree.Root));
            return ExitCodes.Ok;
        }
        context.Out.WriteLine($"leaf {index} of {tree.Size}");
        context.Out.WriteLine($"leaf hash  {tree.LeafHash(index).ToHex()}");
        context.Out.WriteLine($"root       {tree.Root.ToHex()}");
        context.Out.WriteLine($"path       {proof.Path.Count} hashes, leaf to root");
        for (var i = 0; i < proof.Path.Count; i++)
        {
            context.Out.WriteLine($"  {i,3}  {proof.Path[i].ToHex()}");
        }
        return ExitCodes.Ok;
    }
}
