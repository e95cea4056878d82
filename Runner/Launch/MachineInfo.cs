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

    /// <summary>Writes <c>"machine":{"cores","cpu","os","runtime","memory_mb"}</c> into an open JSON object.</summary>
    public void WriteTo(System.Text.Json.Utf8JsonWriter json)
    {
        json.WriteStartObject("machine");
        json.WriteNumber("cores", Cores);
        json.WriteString("cpu", Cpu);
        json.WriteString("os", Os);
        json.WriteString("runtime", Runtime);
        json.WriteNumber("memory_mb", MemoryMb);
        json.WriteEndObject();
    }

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
