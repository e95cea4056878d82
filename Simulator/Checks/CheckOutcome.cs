namespace DumboFL.Simulator;

/// <summary>One property checked at the end of a run; <see cref="Detail"/> says what went wrong (or what was seen).</summary>
public sealed record CheckOutcome(string Name, bool Passed, string Detail)
{
    public const string Agreement = "agreement";
    public const string Validity = "validity";
    public const string Termination = "termination";
    public const string NoHonestFlagged = "no_honest_flagged";
    public const string NoExceptions = "no_exceptions";
    public const string NoEmptyBlocks = "no_empty_blocks";

    public static IReadOnlyList<string> Names { get; } = [Agreement, Validity, Termination, NoHonestFlagged, NoExceptions, NoEmptyBlocks];

    public override string ToString() => $"{Name}: {(Passed ? "ok" : "FAILED")} ({Detail})";
}
