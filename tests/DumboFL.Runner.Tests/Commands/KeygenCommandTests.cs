using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Tests.Commands;

public class KeygenCommandTests
{
    [Test]
    public void Writes_a_loadable_cluster_and_prints_its_nodes()
    {
        using var directory = new TempDirectory();
        var run = KeygenCli.Run("--shards", "2", "--nodes", "4", "--out", directory.Path, "--base-port", "9100", "--host", "localhost");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var cluster = ClusterFile.Load(directory.Path);
        var lines = run.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Nodes, Has.Count.EqualTo(8));
            Assert.That(lines[0], Does.Contain(cluster.ClusterId.ToHex()).And.Contain("2 shard(s) × 4 nodes"));
            Assert.That(lines[1], Does.Match(@"^id\s+host\s+port\s+api port$"));
            Assert.That(lines[2], Does.Match(@"^0-0\s+localhost\s+9100\s+10100$"));
            Assert.That(lines[9], Does.Match(@"^1-3\s+localhost\s+9107\s+10107$"));
            Assert.That(run.Error, Is.Empty);
        });
        using var secrets = cluster.LoadSecrets("1-3");
        Assert.That(secrets.NodeKey.PublicKey, Is.EqualTo(cluster.Node("1-3").PublicKey));
    }

    [Test]
    public void Refuses_to_replace_a_cluster_without_force()
    {
        using var directory = new TempDirectory();
        Assert.That(KeygenCli.Run("--shards", "1", "--nodes", "4", "--out", directory.Path).ExitCode, Is.EqualTo(ExitCodes.Ok));
        var first = ClusterFile.Load(directory.Path).ClusterId;

        var refused = KeygenCli.Run("--shards", "1", "--nodes", "4", "--out", directory.Path);
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.BadArguments));
            Assert.That(refused.Error, Does.Contain("exists; use --force"));
            Assert.That(ClusterFile.Load(directory.Path).ClusterId, Is.EqualTo(first));
        });

        var forced = KeygenCli.Run("--shards", "1", "--nodes", "4", "--out", directory.Path, "--force");
        Assert.Multiple(() =>
        {
            Assert.That(forced.ExitCode, Is.EqualTo(ExitCodes.Ok), forced.ToString());
            Assert.That(ClusterFile.Load(directory.Path).ClusterId, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void Places_nodes_from_a_hosts_file_with_free_ports()
    {
        using var directory = new TempDirectory();
        var hosts = directory.Combine("hosts.txt");
        File.WriteAllText(hosts, "0-3 special\nalpha\nbeta\n");
        var run = KeygenCli.Run("--shards", "1", "--nodes", "4", "--out", directory.Combine("cluster"), "--hosts", hosts, "--base-port", "0");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var cluster = ClusterFile.Load(directory.Combine("cluster"));
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Nodes.Select(n => n.Host), Is.EqualTo(new[] { "alpha", "beta", "alpha", "special" }));
            Assert.That(cluster.Nodes.SelectMany(n => new[] { n.Port, n.ApiPort }), Is.Unique);
        });
    }

    private static IEnumerable<TestCaseData> BadArguments()
    {
        TestCaseData Case(string expected, params string[] args) => new TestCaseData(args, expected).SetName($"keygen {string.Join(' ', args)}");
        yield return Case("--nodes must be at least 4", "--shards", "1", "--nodes", "3");
        yield return Case("--shards must be 1..", "--shards", "0", "--nodes", "4");
        yield return Case("--base-port must be 0 (free ports) or 1..65535, got 70000", "--shards", "1", "--nodes", "4", "--base-port", "70000");
        yield return Case("--base-port must be 0 (free ports) or 1..65535, got -1", "--shards", "1", "--nodes", "4", "--base-port", "-1");
        yield return Case("--base-port 65530: 8 nodes need ports up to 65537", "--shards", "2", "--nodes", "4", "--base-port", "65530", "--api-base-port", "1000");
        yield return Case("API ports (--base-port + 1000)", "--shards", "1", "--nodes", "4", "--base-port", "65000");
        yield return Case("overlap", "--shards", "1", "--nodes", "4", "--base-port", "7000", "--api-base-port", "7003");
        yield return Case("--host 'no such host!'", "--shards", "1", "--nodes", "4", "--host", "no such host!");
        yield return Case("hosts.missing: cannot be read", "--shards", "1", "--nodes", "4", "--hosts", "/nonexistent/hosts.missing");
        yield return Case("--out", "--shards", "1", "--nodes", "4", "--no-out");
        yield return Case("--nodes", "--shards", "1", "--nodes", "four");
    }

    [TestCaseSource(nameof(BadArguments))]
    public void Bad_arguments_exit_2_with_one_clear_line(string[] args, string expected)
    {
        using var directory = new TempDirectory();
        string[] withOut = args.Contains("--no-out") ? [.. args.Where(a => a != "--no-out")] : [.. args, "--out", directory.Path];
        var run = KeygenCli.Run(withOut);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadArguments), run.ToString());
            Assert.That(run.Error, Does.Contain(expected));
            Assert.That(run.Out, Is.Empty);
            Assert.That(File.Exists(Path.Combine(directory.Path, ClusterFile.FileName)), Is.False);
        });
    }
}
