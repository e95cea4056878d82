using System.Globalization;

namespace DumboFL.Runner.Launch;

/// <summary>One <c>--kill S-I@SEC</c>: SIGKILL node <c>S-I</c> that many seconds after the load started.</summary>
public sealed record KillPlan(string NodeId, double AtSeconds)
{
    public static bool TryParse(string text, out KillPlan? plan, out string error)
    {
        plan = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1)
        {
            error = $"--kill '{text}': expected S-I@SEC, e.g. 0-3@5";
            return false;
        }
        var id = text[..at];
        if (!NodeIds.TryParse(id, out _, out _))
        {
            error = $"--kill '{text}': '{id}' is not a node id S-I";
            return false;
        }
        if (!double.TryParse(text[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            error = $"--kill '{text}': '{text[(at + 1)..]}' is not a number of seconds ≥ 0";
            return false;
        }
        plan = new KillPlan(id, seconds);
        error = "";
        return true;
    }

    public override string ToString() => $"{NodeId}@{AtSeconds.ToString(CultureInfo.InvariantCulture)}";
}
