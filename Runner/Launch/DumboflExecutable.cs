using System.Diagnostics;

namespace DumboFL.Runner.Launch;

/// <summary>
/// How to start another <c>dumbofl</c>: this very apphost when we run as <c>dumbofl</c>, else <c>dotnet dumbofl.dll</c>
/// (under <c>dotnet run</c>, and in the integration tests, where dumbofl.dll sits beside the test assembly).
/// </summary>
public sealed record DumboflExecutable(string FileName, IReadOnlyList<string> PrefixArguments)
{
    public static DumboflExecutable Current()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dumbofl")
        {
            return new DumboflExecutable(process, []);
        }
        // This assembly is dumbofl.dll, whoever loaded it.
        return FromAssembly(typeof(DumboflExecutable).Assembly.Location);
    }

    public static DumboflExecutable FromAssembly(string dumboflDll) => new(DotnetHost(), [dumboflDll]);

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in PrefixArguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    public override string ToString() => string.Join(' ', PrefixArguments.Prepend(FileName));

    // The host running us if it is dotnet; else the one the SDK names (set under dotnet test); else from PATH.
    private static string DotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            return process;
        }
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
