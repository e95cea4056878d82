using DumboFL.Runner.Output;
using DumboFL.Simulator;

namespace DumboFL.Runner.Commands;

/// <summary>What <c>sim</c> and <c>demo</c> share: validate, run with or without live progress, print, pick the exit code.</summary>
public static class SimulationRun
{
    public static int Execute(SimulationOptions options, bool json, CliContext context)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                context.Error.WriteLine($"dumbofl: {error}");
            }
            return ExitCodes.BadArguments;
        }
        foreach (var warning in options.Warnings())
        {
            context.Error.WriteLine($"dumbofl: warning: {warning}");
        }

        var console = ConsoleFactory.Create(context);
        SimulationResult result;
        try
        {
            result = !json && context.IsTerminal
                ? ProgressView.Run(console, options)
                : Simulation.Run(options);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var cause = e is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : e;
            context.Error.WriteLine($"dumbofl: the simulation itself failed: {cause.GetType().Name}: {cause.Message}");
            if (Environment.GetEnvironmentVariable("DUMBOFL_DEBUG") is "1")
            {
                context.Error.WriteLine(cause.ToString());
            }
            context.Error.WriteLine($"dumbofl: seed {options.Seed} (replay: {ReplayCommand.For(options)})");
            return ExitCodes.CheckFailed;
        }

        if (json)
        {
            context.Out.WriteLine(JsonSummary.Write(result));
        }
        else
        {
            SummaryView.Render(console, result);
        }
        if (!result.Passed)
        {
            context.Error.WriteLine($"dumbofl: checks FAILED for seed {options.Seed} (replay: {ReplayCommand.For(options)})");
            foreach (var failure in result.Failures)
            {
                context.Error.WriteLine($"dumbofl:   {failure}");
            }
            return ExitCodes.CheckFailed;
        }
        return ExitCodes.Ok;
    }
}
