using Spectre.Console;

namespace DumboFL.Runner.Output;

public static class ConsoleFactory
{
    /// <summary>A Spectre console on the context's stdout: colours and live widgets on a terminal, plain wide text otherwise.</summary>
    public static IAnsiConsole Create(CliContext context)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Out),
            Ansi = context.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = context.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = context.IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!context.IsTerminal)
        {
            console.Profile.Width = 160;
        }
        return console;
    }
}
