using System.Globalization;

namespace DumboFL.Benchmarks;

/// <summary>The command-line conventions of the Stopwatch harnesses: <c>--name value</c> options and a scratch directory under <c>--dir</c>.</summary>
internal static class HarnessArgs
{
    public static int Option(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A new directory <c>dumbofl-PURPOSE-PID</c> under <c>--dir</c> (default: the temporary directory).</summary>
    public static string ScratchDirectory(string[] args, string purpose)
    {
        var root = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Path.GetTempPath();
        var directory = Path.Combine(root, $"dumbofl-{purpose}-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        return directory;
    }
}
