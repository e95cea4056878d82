using System.Globalization;

namespace DumboFL.Integration.Tests.Support;

/// <summary>Reads one sample out of a node's <c>GET /metrics</c> (Prometheus text format).</summary>
public static class PrometheusText
{
    /// <summary>The value of <c>name{…label="value"…}</c>; 0 when the sample is absent (a counter never incremented).</summary>
    public static double Sample(string text, string name, string label, string value)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains($"{label}=\"{value}\"", StringComparison.Ordinal))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <summary>One of the transport's counters (<c>dumbofl_network_total{counter="…"}</c>).</summary>
    public static double Network(string text, string counter) => Sample(text, "dumbofl_network_total", "counter", counter);
}
