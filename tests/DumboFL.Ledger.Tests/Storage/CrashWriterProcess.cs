using System.Collections.Concurrent;
using System.Diagnostics;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>
/// One run of tests/LedgerCrashWriter on a database file: started, followed line by line ("ready H",
/// "committed H"), then killed with SIGKILL. Every wait has a deadline; none is a timed guess.
/// </summary>
public sealed class CrashWriterProcess : IDisposable
{
    private static readonly TimeSpan LineDeadline = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly BlockingCollection<string?> _lines = [];

    private CrashWriterProcess(Process process)
    {
        _process = process;
        // Lines arrive on a reader thread; null marks the end of the stream.
        _process.OutputDataReceived += (_, e) => _lines.Add(e.Data);
        _process.BeginOutputReadLine();
    }

    /// <summary>The highest height the writer reported as committed (its Append had returned).</summary>
    public ulong? LastCommitted { get; private set; }

    /// <summary>The writer's build output, next to this test project's (same configuration and framework).</summary>
    public static string Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "LedgerCrashWriter", "bin", configuration, framework, "LedgerCrashWriter.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"crash writer not built at {path}: build DumboFL.sln (the test project references it)", path);
    }

    public static CrashWriterProcess Start(string writerDll, string databasePath)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writerDll);
        start.ArgumentList.Add(databasePath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash writer");
        return new CrashWriterProcess(process);
    }

    /// <summary>Reads lines until the writer has committed <paramref name="blocks"/> more blocks than it has so far.</summary>
    public void WaitForCommits(int blocks)
    {
        var target = blocks;
        while (target > 0)
        {
            var line = ReadLine() ?? throw new InvalidOperationException($"the crash writer exited early: {ReadError()}");
            if (Parse(line) is { } height)
            {
                LastCommitted = height;
                target--;
            }
        }
    }

    /// <summary>SIGKILL on Unix: no handler, no flush, no finally. Then collects what the writer printed before dying.</summary>
    public void Kill()
    {
        _process.Kill();
        // Without a timeout, WaitForExit also waits for the end of the redirected output.
        _process.WaitForExit();
        while (_lines.TryTake(out var line))
        {
            if (line is not null && Parse(line) is { } height)
            {
                LastCommitted = height;
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit();
        _process.Dispose();
        _lines.Dispose();
    }

    private string? ReadLine() =>
        _lines.TryTake(out var line, LineDeadline)
            ? line
            : throw new TimeoutException($"the crash writer printed nothing for {LineDeadline.TotalSeconds} s");

    private string ReadError()
    {
        _process.WaitForExit();
        return _process.StandardError.ReadToEnd();
    }

    private static ulong? Parse(string line) =>
        line.StartsWith("committed ", StringComparison.Ordinal) ? ulong.Parse(line["committed ".Length..]) : null;

    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }
}
