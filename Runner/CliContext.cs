namespace DumboFL.Runner;

/// <summary>Where a command writes, and whether stdout is a terminal (live progress and colours only then).</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    public static CliContext FromConsole() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
