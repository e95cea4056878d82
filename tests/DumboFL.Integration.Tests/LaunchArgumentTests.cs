using System.CommandLine;
using DumboFL.Runner;
using DumboFL.Runner.Commands;

namespace DumboFL.Integration.Tests;

/// <summary>Bad arguments to launch and bench: exit 2 with a line naming the problem, nothing started.</summary>
[TestFixture]
public sealed class LaunchArgumentTests
{
    [TestCase("launch --nodes 3", "--nodes")]
    [TestCase("launch --kill 0-9@1", "no node 0-9")]
    [TestCase("launch --kill 0-1", "S-I@SEC")]
    [TestCase("launch --kill 0-1@99 --duration 10", "not inside the run")]
    [TestCase("launch --invalid 1.5", "--invalid")]
    [TestCase("launch --tx-size 10", "--tx-size")]
    [TestCase("launch --rate -1", "--rate")]
    [TestCase("launch --cross-shard 0.2", "at least two shards")]
    [TestCase("launch --shards 2 --cross-shard 2", "--cross-shard")]
    [TestCase("bench --rss-samples 60", "needs --rate")]
    [TestCase("bench --duration 1", "--duration")]
    public void Bad_arguments_exit_2_naming_the_problem(string commandLine, string named)
    {
        var (code, error) = Run(commandLine.Split(' '));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadArguments));
            Assert.That(error, Does.Contain(named));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void Launch_refuses_an_out_directory_that_is_not_empty()
    {
        var directory = Directory.CreateTempSubdirectory("dumbofl-it-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "something"), "x");
            var (code, error) = Run(["launch", "--out", directory]);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(ExitCodes.BadArguments));
                Assert.That(error, Does.Contain("not empty"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int Code, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, IsTerminal: false);
        var root = new RootCommand { LaunchCommand.Create(context), BenchCommand.Create(context) };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return (ExitCodes.BadArguments, string.Join("\n", parsed.Errors.Select(e => e.Message)));
        }
        var code = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, error.ToString());
    }
}
