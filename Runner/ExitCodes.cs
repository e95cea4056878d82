namespace DumboFL.Runner;

public static class ExitCodes
{
    /// <summary>Every check held.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and a check failed (agreement, validity, termination, …).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad arguments: nothing was run.</summary>
    public const int BadArguments = 2;
}
