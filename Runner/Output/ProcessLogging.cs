using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Output;

/// <summary>
/// How the long-running child processes (<c>node</c>, <c>swarm-peer</c>) log: single-line, timestamped, everything to
/// stderr, because their stdout carries only the lines their launcher reads.
/// </summary>
public static class ProcessLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        }));

    /// <summary>Whether process <paramref name="pid"/> still runs (a child's check on the launcher that started it).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
