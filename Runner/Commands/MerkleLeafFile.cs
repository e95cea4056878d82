using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Runner.Commands;

/// <summary>
/// The leaf file of <c>dumbofl merkle</c>: one leaf per line, written as the hex of the leaf's data (not its hash).
/// </summary>
/// <remarks>
/// Every line is a leaf, including an empty one: an empty line is the empty leaf "" (the first RFC 6962 test leaf).
/// A line ends at \n or \r\n, and the newline after the last line is optional — it ends that line and does not
/// start another, so an empty file has no leaves and a file holding a single newline has one empty leaf. Spaces
/// and tabs around the hex are ignored; hex digits may be upper or lower case.
/// </remarks>
internal static class MerkleLeafFile
{
    public const string FormatHelp =
        "File of leaves, one per line as hex of the leaf's data; an empty line is the empty leaf, the final newline is optional";

    /// <summary>Reads and hashes the leaves, or explains (for exit code 2) which line is wrong.</summary>
    public static Hash32[]? TryReadLeafHashes(string path, out string error)
    {
        if (!File.Exists(path))
        {
            error = Directory.Exists(path) ? $"{path} is a directory, not a leaf file" : $"no such file: {path}";
            return null;
        }
        var leafHashes = new List<Hash32>();
        try
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                var hex = line.Trim(' ', '\t');
                if (!MerkleHex.TryDecode(hex, out var data, out var problem))
                {
                    error = $"{path}:{lineNumber}: {problem}";
                    return null;
                }
                leafHashes.Add(MerkleHash.Leaf(data));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path}: {e.Message}";
            return null;
        }
        error = "";
        return [.. leafHashes];
    }
}
