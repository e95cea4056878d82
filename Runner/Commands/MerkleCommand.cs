using System.CommandLine;

namespace DumboFL.Runner.Commands;

/// <summary>
/// <c>dumbofl merkle root|proof|consistency|verify</c>: RFC 6962 Merkle trees over a leaf file, their proofs, and an
/// offline check of such proofs. See <see cref="MerkleLeafFile"/> for the file format.
/// </summary>
public static class MerkleCommand
{
    public static Command Create(CliContext context) =>
        new("merkle", "RFC 6962 Merkle trees over a file of hex leaves: root, inclusion and consistency proofs, proof checks")
        {
            MerkleRootCommand.Create(context),
            MerkleProofCommand.Create(context),
            MerkleConsistencyCommand.Create(context),
            MerkleVerifyCommand.Create(context),
        };
}
