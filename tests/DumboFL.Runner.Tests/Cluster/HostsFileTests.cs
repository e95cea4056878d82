using DumboFL.Runner.Cluster;

namespace DumboFL.Runner.Tests.Cluster;

public class HostsFileTests
{
    private static IReadOnlyDictionary<string, string> Parse(string text, int shards = 1, int nodes = 4)
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("hosts.txt");
        File.WriteAllText(path, text);
        return ClusterGenerator.ParseHostsFile(path, shards, nodes);
    }

    private static void AssertRefused(string text, string expected, int shards = 1) =>
        Assert.That(() => Parse(text, shards), Throws.TypeOf<ClusterFileException>().With.Message.Contains(expected));

    [Test]
    public void Plain_hosts_are_dealt_round_robin_in_id_order()
    {
        var hosts = Parse("# two machines\nalpha\n\n  10.0.0.2   # the second\n", shards: 2);
        Assert.That(hosts, Is.EqualTo(new Dictionary<string, string>
        {
            ["0-0"] = "alpha", ["0-1"] = "10.0.0.2", ["0-2"] = "alpha", ["0-3"] = "10.0.0.2",
            ["1-0"] = "alpha", ["1-1"] = "10.0.0.2", ["1-2"] = "alpha", ["1-3"] = "10.0.0.2",
        }));
    }

    [Test]
    public void Named_nodes_are_placed_and_the_rest_share_the_plain_hosts()
    {
        var hosts = Parse("0-2 special.example\nalpha\nbeta\n1-0 ::1\n", shards: 2);
        Assert.Multiple(() =>
        {
            Assert.That(hosts["0-2"], Is.EqualTo("special.example"));
            Assert.That(hosts["1-0"], Is.EqualTo("::1"));
            Assert.That(new[] { "0-0", "0-1", "0-3", "1-1", "1-2", "1-3" }.Select(id => hosts[id]),
                Is.EqualTo(new[] { "alpha", "beta", "alpha", "beta", "alpha", "beta" }));
        });
    }

    [Test]
    public void Every_node_named_needs_no_plain_host() =>
        Assert.That(Parse("0-0 a\n0-1 b\n0-2 c\n0-3 d\n").Values, Is.EqualTo(new[] { "a", "b", "c", "d" }));

    [Test]
    public void Problems_name_the_file_and_line()
    {
        Assert.Multiple(() =>
        {
            AssertRefused("alpha\n0-9 beta\n", "hosts.txt:2: there is no node 0-9");
            AssertRefused("alpha\n2-0 beta\n", "there is no node 2-0", shards: 2);
            AssertRefused("x-1 beta\n", "hosts.txt:1: 'x-1' is not a node id S-I");
            AssertRefused("0-1 a\n0-1 b\nc\n", "hosts.txt:2: node 0-1 is placed a second time");
            AssertRefused("alpha beta gamma\n", "hosts.txt:1: expected 'HOST' or 'S-I HOST'");
            AssertRefused("bad_host!\n", "hosts.txt:1: 'bad_host!' is not a host name");
            AssertRefused("0-0 a\n# nothing else\n", "no host for node 0-1");
            AssertRefused("", "no host for node 0-0");
        });
    }

    [Test]
    public void A_missing_file_is_refused() =>
        Assert.That(() => ClusterGenerator.ParseHostsFile("/nonexistent/hosts.txt", 1, 4),
            Throws.TypeOf<ClusterFileException>().With.Message.Contains("/nonexistent/hosts.txt: cannot be read"));
}
