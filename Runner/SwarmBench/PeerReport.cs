using System.Globalization;
using System.Text;

namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// What a swarm peer tells the launcher on stdout, one line each (its whole contract; logs go to stderr):
/// <c>ready ID idle_rss=BYTES</c> once it is connected and idle; <c>warm ID …</c> (the fields below) when it holds the
/// warm-up update; <c>done ID elapsed_ms=… idle_rss=… peak_rss=… rss=…
/// requests_sent=… …</c> when it holds the whole update; <c>final ID …</c> (the same fields) when told to stop.
/// </summary>
/// <param name="CpuMs">User + system CPU of the process since go.</param>
public sealed record PeerReport(string Id, double ElapsedMs, double CpuMs, long IdleRssBytes, long PeakRssBytes, long RssBytes, PeerCounters Counters)
{
    public const string Done = "done";
    public const string Warm = "warm";
    public const string Final = "final";
    public const string Ready = "ready";

    public static string ReadyLine(string id, long idleRssBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{Ready} {id} idle_rss={idleRssBytes}");

    public static bool TryParseReady(string line, out string id, out long idleRssBytes)
    {
        id = "";
        idleRssBytes = 0;
        if (!TrySplit(line, Ready, out id, out var fields) || !fields.TryGetValue("idle_rss", out var idle))
        {
            return false;
        }
        return long.TryParse(idle, NumberStyles.None, CultureInfo.InvariantCulture, out idleRssBytes);
    }

    public string ToLine(string kind)
    {
        var line = new StringBuilder().Append(kind).Append(' ').Append(Id);
        line.Append(CultureInfo.InvariantCulture, $" elapsed_ms={ElapsedMs:F1} cpu_ms={CpuMs:F0} idle_rss={IdleRssBytes} peak_rss={PeakRssBytes} rss={RssBytes}");
        foreach (var (name, value) in Counters.Fields())
        {
            line.Append(CultureInfo.InvariantCulture, $" {name}={value}");
        }
        return line.ToString();
    }

    /// <summary>Parses a <c>done</c> or <c>final</c> line (<paramref name="kind"/>); false for any other line or a missing field.</summary>
    public static bool TryParse(string line, string kind, out PeerReport report)
    {
        report = null!;
        if (!TrySplit(line, kind, out var id, out var fields))
        {
            return false;
        }
        var missing = false;
        long Number(string name)
        {
            if (fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            missing = true;
            return 0;
        }
        double Decimal(string name)
        {
            if (fields.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            missing = true;
            return 0;
        }
        report = new PeerReport(id, Decimal("elapsed_ms"), Decimal("cpu_ms"), Number("idle_rss"), Number("peak_rss"), Number("rss"), PeerCounters.From(Number));
        return !missing;
    }

    private static bool TrySplit(string line, string kind, out string id, out Dictionary<string, string> fields)
    {
        id = "";
        fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || words[0] != kind)
        {
            return false;
        }
        id = words[1];
        foreach (var word in words.Skip(2))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }
            fields[word[..equals]] = word[(equals + 1)..];
        }
        return true;
    }
}
