using System.Globalization;

namespace DumboFL.Runner.Node;

/// <summary>
/// The highest epoch this node has started, kept in <c>DATA/consensus.state</c> and made durable (write, fsync,
/// rename) before the node sends anything for that epoch: a restarted node never re-enters an epoch in which it
/// may already have signed, so it can never sign two different values for one slot.
/// </summary>
public sealed class ConsensusStateFile
{
    public const string FileName = "consensus.state";

    private readonly string _path;

    private ConsensusStateFile(string path, ulong? started)
    {
        _path = path;
        Started = started;
    }

    /// <summary>The highest epoch started, or null if this node never started one.</summary>
    public ulong? Started { get; private set; }

    public static ConsensusStateFile Open(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return new ConsensusStateFile(path, null);
        }
        var text = File.ReadAllText(path).Trim();
        const string prefix = "started ";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) ||
            !ulong.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            throw new InvalidDataException($"{path} is not a consensus state file (expected 'started <epoch>', found '{Truncate(text)}')");
        }
        return new ConsensusStateFile(path, epoch);
    }

    /// <summary>Records that <paramref name="epoch"/> started; returns once it is on disk. Lower values are ignored.</summary>
    public void RecordStarted(ulong epoch)
    {
        if (Started is { } started && epoch <= started)
        {
            return;
        }
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes($"started {epoch.ToString(CultureInfo.InvariantCulture)}\n"));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
        Started = epoch;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
