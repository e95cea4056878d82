using System.CommandLine;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl merkle verify --proof PROOF.json (--leaf HEX | --leaf-hash HEX) [--root HEX]</c> for an inclusion proof,
/// <c>[--old-root HEX] [--new-root HEX]</c> for a consistency proof. Exit 0 valid, 1 invalid, 2 bad arguments.
/// Roots not given on the command line are taken from the proof file, which only shows the file is self-consistent.
/// </summary>
public static class MerkleVerifyCommand
{
    private const string Name = "dumbofl merkle verify";

    public static Command Create(CliContext context)
    {
        var proof = new Option<string>("--proof", "-p") { HelpName = "PROOF.json", Description = "Proof file written by 'merkle proof --json' or 'merkle consistency --json'", Required = true };
        var leaf = MerkleHex.DataOption("--leaf", "The leaf's data in hex (inclusion proofs)");
        var leafHash = MerkleHex.HashOption("--leaf-hash", "The leaf's hash, SHA-256(0x00 ‖ data) (inclusion proofs)");
        var root = MerkleHex.HashOption("--root", "The root to check against (inclusion proofs; default: the file's \"root\")");
        var oldRoot = MerkleHex.HashOption("--old-root", "The older tree's root (consistency proofs; default: the file's \"old_root\")");
        var newRoot = MerkleHex.HashOption("--new-root", "The newer tree's root (consistency proofs; default: the file's \"new_root\")");
        var command = new Command("verify", "Check an inclusion or consistency proof (RFC 9162 §2.1.3.2 / §2.1.4.2): exit 0 valid, 1 invalid")
        {
            proof, leaf, leafHash, root, oldRoot, newRoot,
        };
        command.SetAction(result =>
        {
            // Only options actually given count: an absent array-valued option reads as an empty array.
            T? Given<T>(Option<T> option) => result.GetResult(option) is null ? default : result.GetValue(option);

            var file = MerkleProofFile.TryRead(result.GetValue(proof)!, out var error);
            return file switch
            {
                null => BadArguments(context, error),
                InclusionProofFile inclusion => Given(oldRoot) is not null || Given(newRoot) is not null
                    ? BadArguments(context, "--old-root and --new-root apply to consistency proofs; this is an inclusion proof")
                    : VerifyInclusion(inclusion, Given(leaf), Given(leafHash), Given(root), context),
                ConsistencyProofFile consistency => Given(leaf) is not null || Given(leafHash) is not null || Given(root) is not null
                    ? BadArguments(context, "--leaf, --leaf-hash and --root apply to inclusion proofs; this is a consistency proof (use --old-root/--new-root)")
                    : VerifyConsistency(consistency, Given(oldRoot), Given(newRoot), context),
                _ => throw new InvalidOperationException("unknown proof file kind"),
            };
        });
        return command;
    }

    private static int VerifyInclusion(InclusionProofFile file, byte[]? leaf, Hash32? leafHashOption, Hash32? rootOption, CliContext context)
    {
        if (leaf is not null && leafHashOption is not null)
        {
            return BadArguments(context, "give either --leaf or --leaf-hash, not both");
        }
        Hash32 leafHash;
        if (leaf is not null)
        {
            leafHash = MerkleHash.Leaf(leaf);
        }
        else if (leafHashOption is { } given)
        {
            leafHash = given;
        }
        else
        {
            return BadArguments(context, "give the leaf to check: --leaf HEXDATA or --leaf-hash HEX");
        }
        if ((rootOption ?? file.Root) is not { } root)
        {
            return BadArguments(context, "no root to check against: pass --root HEX (the proof file has no \"root\")");
        }

        var proof = file.Proof;
        var valid = proof.Verify(leafHash, root);
        context.Out.WriteLine(valid
            ? $"valid: leaf {proof.LeafIndex} of {proof.TreeSize} (hash {leafHash.ToHex()}) is in the tree with root {root.ToHex()}"
            : $"invalid: the proof does not place leaf hash {leafHash.ToHex()} at index {proof.LeafIndex} of {proof.TreeSize} under root {root.ToHex()}");
        WarnIfRootFromFile(rootOption, "--root", context);
        return valid ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    private static int VerifyConsistency(ConsistencyProofFile file, Hash32? oldRootOption, Hash32? newRootOption, CliContext context)
    {
        if ((oldRootOption ?? file.OldRoot) is not { } oldRoot)
        {
            return BadArguments(context, "no old root to check against: pass --old-root HEX (the proof file has no \"old_root\")");
        }
        if ((newRootOption ?? file.NewRoot) is not { } newRoot)
        {
            return BadArguments(context, "no new root to check against: pass --new-root HEX (the proof file has no \"new_root\")");
        }

        var proof = file.Proof;
        var valid = proof.Verify(oldRoot, newRoot);
        context.Out.WriteLine(valid
            ? $"valid: the tree of {proof.OldSize} leaves (root {oldRoot.ToHex()}) is a prefix of the tree of {proof.NewSize} (root {newRoot.ToHex()})"
            : $"invalid: the proof does not show the tree of {proof.OldSize} leaves (root {oldRoot.ToHex()}) is a prefix of the tree of {proof.NewSize} (root {newRoot.ToHex()})");
        WarnIfRootFromFile(oldRootOption, "--old-root", context);
        WarnIfRootFromFile(newRootOption, "--new-root", context);
        return valid ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    // A root read from the proof file itself proves only that the file is self-consistent.
    private static void WarnIfRootFromFile(Hash32? option, string name, CliContext context)
    {
        if (option is null)
        {
            context.Error.WriteLine($"{Name}: note: root taken from the proof file; pass {name} to check against a root you trust");
        }
    }

    private static int BadArguments(CliContext context, string problem)
    {
        context.Error.WriteLine($"{Name}: {problem}");
        return ExitCodes.BadArguments;
    }
}
