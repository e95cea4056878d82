using System.Runtime.InteropServices;

namespace DumboFL.Runner.Launch;

/// <summary>The machine a benchmark ran on, for the record next to its numbers.</summary>
public sealed record MachineInfo(int Cores, string Cpu, string Os, string Runtime, long MemoryMb)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1048576);

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
