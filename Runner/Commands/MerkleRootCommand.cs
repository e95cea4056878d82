using System.CommandLine;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Commands;

/// <summary><c>dumbofl merkle root FILE</c>: the RFC 6962 root of the file's leaves, in hex.</summary>
public static class MerkleRootCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = MerkleLeafFile.FormatHelp };
        var command = new Command("root", "Print the Merkle root (hex) of the leaves in FILE") { file };
        command.SetAction(result =>
        {
            var leafHashes = MerkleLeafFile.TryReadLeafHashes(result.GetValue(file)!, out var error);
            if (leafHashes is null)
            {
                context.Error.WriteLine($"dumbofl merkle root: {error}");
                return ExitCodes.BadArguments;
            }
            context.Out.WriteLine(MerkleRoot.Compute(leafHashes).ToHex());
            return ExitCodes.Ok;
        });
        return command;
    }
}
