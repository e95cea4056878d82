using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>
/// Memory and CPU of a live process from Linux's /proc: peak and current resident set (<c>VmHWM</c>, <c>VmRSS</c>
/// in /proc/PID/status) and user + system CPU seconds (fields 14 and 15 of /proc/PID/stat, in USER_HZ ticks).
/// </summary>
public sealed record ProcessStats(long PeakRssBytes, long RssBytes, double CpuSeconds)
{
    // USER_HZ is part of Linux's user-space ABI: 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Null when the process is gone or this is not Linux.</summary>
    public static ProcessStats? Read(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return new ProcessStats(Kilobytes(status, "VmHWM:") * 1024, Kilobytes(status, "VmRSS:") * 1024, ParseCpuSeconds(stat));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public static long Kilobytes(IEnumerable<string> statusLines, string field)
    {
        var line = statusLines.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new FormatException($"no {field} line");
        var number = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.Parse(number, CultureInfo.InvariantCulture);
    }

    public static double ParseCpuSeconds(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(rest[11], CultureInfo.InvariantCulture);
        var system = long.Parse(rest[12], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }
}
