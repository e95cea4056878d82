using System.Diagnostics;
using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests.Support;

/// <summary>
/// The built <c>dumbofl</c>: the Runner project reference copies dumbofl.dll next to this test assembly, and it
/// runs as <c>dotnet dumbofl.dll …</c> — the same binary a user runs, in its own process.
/// </summary>
public static class DumboflBinary
{
    public static string Dll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "dumbofl.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"dumbofl.dll is not beside the tests ({AppContext.BaseDirectory})");
        }
    }

    public static DumboflExecutable Executable => DumboflExecutable.FromAssembly(Dll);

    /// <summary>Runs one command to its end (killed at the deadline) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan deadline, params string[] arguments)
    {
        var info = Executable.StartInfo(arguments);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dumbofl {string.Join(' ', arguments)} did not end within {deadline.TotalSeconds:F0} s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
