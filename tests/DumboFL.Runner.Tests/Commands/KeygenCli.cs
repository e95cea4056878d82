using System.CommandLine;
using DumboFL.Runner.Commands;

namespace DumboFL.Runner.Tests.Commands;

/// <summary>Runs <c>dumbofl keygen</c> in-process the way Cli.Run does (parse errors: one line each, exit 2) and captures the output.</summary>
internal sealed record KeygenCli(int ExitCode, string Out, string Error)
{
    public static KeygenCli Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, IsTerminal: false);
        var parsed = new RootCommand { KeygenCommand.Create(context) }.Parse(["keygen", .. args]);
        int code;
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine($"dumbofl: {problem.Message}");
            }
            code = ExitCodes.BadArguments;
        }
        else
        {
            code = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
        }
        return new KeygenCli(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Out}stderr:{Environment.NewLine}{Error}";
}
