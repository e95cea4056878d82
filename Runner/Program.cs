return DumboFL.Runner.Cli.Run(args, DumboFL.Runner.CliContext.FromConsole());
