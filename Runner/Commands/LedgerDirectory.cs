using DumboFL.Ledger.Storage;

namespace DumboFL.Runner.Commands;

/// <summary>Where a node keeps its ledger inside its data directory, and how the read-only commands open it.</summary>
public static class LedgerDirectory
{
    public const string LedgerFile = "ledger.sqlite";

    public static string LedgerPath(string dataDirectory) => Path.Combine(dataDirectory, LedgerFile);

    /// <summary>Opens a node's ledger for reading, or explains (for exit code 2) why it cannot.</summary>
    public static ILedgerStore? TryOpen(string dataDirectory, out string error)
    {
        var path = LedgerPath(dataDirectory);
        if (!Directory.Exists(dataDirectory))
        {
            error = $"no data directory at {dataDirectory}";
            return null;
        }
        if (!File.Exists(path))
        {
            error = $"no ledger in {dataDirectory} (expected {LedgerFile})";
            return null;
        }
        error = "";
        return SqliteLedgerStore.Open(path);
    }
}
