using System.Globalization;
using DumboFL.Simulator;

namespace DumboFL.Simulation.Tests;

/// <summary>
/// The seeds every CI run checks: 200 for n = 4 and 50 each for n = 7 and n = 10, spread over every
/// adversary and mixtures of them, always with exactly f faulty nodes. Small E and B keep a run short.
/// The sweep is fixed so a red CI run replays; set DUMBOFL_SIM_SEED_BASE to explore other seeds.
/// </summary>
public static class SeedSweeps
{
    public const int Epochs = 2;

    private static readonly string[] FourNodePlans = ["crash:1", "equivocate:1", "garbage:1", "twins:1", "coin-attack:1"];

    private static readonly string[] SevenNodePlans =
    [
        "crash:2", "equivocate:2", "garbage:2", "twins:2", "coin-attack:2",
        "crash:1,equivocate:1", "garbage:1,twins:1", "coin-attack:1,garbage:1", "equivocate:1,twins:1", "crash:1,coin-attack:1",
    ];

    private static readonly string[] TenNodePlans =
    [
        "crash:3", "equivocate:3", "garbage:3", "twins:3", "coin-attack:3",
        "crash:1,equivocate:1,garbage:1", "twins:1,coin-attack:1,crash:1", "equivocate:2,garbage:1", "twins:2,equivocate:1", "coin-attack:2,twins:1",
    ];

    public static ulong SeedBase { get; } =
        ulong.TryParse(Environment.GetEnvironmentVariable("DUMBOFL_SIM_SEED_BASE"), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : 0;

    public static IEnumerable<Scenario> FourNodes() => Sweep(4, FourNodePlans, seeds: 200, batch: 8, offset: 10_000);

    public static IEnumerable<Scenario> SevenNodes() => Sweep(7, SevenNodePlans, seeds: 50, batch: 21, offset: 20_000);

    public static IEnumerable<Scenario> TenNodes() => Sweep(10, TenNodePlans, seeds: 50, batch: 30, offset: 30_000);

    private static IEnumerable<Scenario> Sweep(int n, string[] plans, int seeds, int batch, ulong offset) =>
        Enumerable.Range(0, seeds).Select(i =>
            new Scenario(n, FaultPlan.Parse(plans[i % plans.Length]), SeedBase + offset + (ulong)i, Epochs, batch));
}
