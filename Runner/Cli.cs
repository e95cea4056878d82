using System.CommandLine;
using DumboFL.Runner.Commands;

namespace DumboFL.Runner;

/// <summary>
/// The <c>dumbofl</c> command line. Parse errors (unknown command or option, a value that does not parse,
/// a failed validation) exit 2 with one clear line per problem and no stack trace.
/// </summary>
public static class Cli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("DumboFL: federated learning on a sharded asynchronous BFT ledger (Dumbo-2 consensus).")
        {
            DemoCommand.Create(context),
            KeygenCommand.Create(context),
            NodeCommand.Create(context),
            LaunchCommand.Create(context),
            FlCommand.Create(context),
            BenchCommand.Create(context),
            SimCommand.Create(context),
            VerifyCommand.Create(context),
            ProofCommand.Create(context),
            MerkleCommand.Create(context),
            SwarmPeerCommand.Create(context),
        };
        return root;
    }

    public static int Run(string[] args, CliContext context)
    {
        var root = Build(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // An unknown word also makes "required command was not provided": report only the cause.
            var errors = parsed.Errors.Select(e => e.Message).ToList();
            if (errors.Any(e => e.StartsWith("Unrecognized", StringComparison.Ordinal)))
            {
                errors.RemoveAll(e => e.StartsWith("Required command", StringComparison.Ordinal));
            }
            foreach (var error in errors)
            {
                context.Error.WriteLine($"dumbofl: {error}");
            }
            context.Error.WriteLine("Try 'dumbofl --help'.");
            return ExitCodes.BadArguments;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error });
    }
}
