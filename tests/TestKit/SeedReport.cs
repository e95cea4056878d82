using DumboFL.Simulator;

namespace DumboFL.TestKit;

/// <summary>How a failing run is named in a test message: its seed and the command that replays it.</summary>
public static class SeedReport
{
    /// <summary>"seed S (replay: dumbofl sim --nodes N … --seed S --faults …)".</summary>
    public static string Format(SimulationOptions options) =>
        $"seed {options.Seed} (replay: {ReplayCommand.For(options)})";

    /// <summary>A failed run in full: seed, replay command, then each failed check on its own line.</summary>
    public static string Describe(SimulationResult result) =>
        $"{Format(result.Options)}{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", result.Failures);
}
