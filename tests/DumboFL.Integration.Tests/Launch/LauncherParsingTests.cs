using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests.Launch;

/// <summary>The small formats the launcher reads: --kill plans, the node's ready line, /status, /proc.</summary>
public sealed class LauncherParsingTests
{
    [Test]
    public void Kill_plans_parse_node_and_second()
    {
        Assert.Multiple(() =>
        {
            Assert.That(KillPlan.TryParse("0-3@5", out var plan, out _), Is.True);
            Assert.That(plan, Is.EqualTo(new KillPlan("0-3", 5)));
            Assert.That(KillPlan.TryParse("1-10@2.5", out var fractional, out _), Is.True);
            Assert.That(fractional!.AtSeconds, Is.EqualTo(2.5));
            Assert.That(KillPlan.TryParse("0-3", out _, out _), Is.False);
            Assert.That(KillPlan.TryParse("x@5", out _, out _), Is.False);
            Assert.That(KillPlan.TryParse("0-3@-1", out _, out _), Is.False);
        });
    }

    [Test]
    public void Ready_line_gives_the_api_address()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NodeProcess.TryParseReady("ready 0-2 api=http://127.0.0.1:8123", out var api), Is.True);
            Assert.That(api, Is.EqualTo(new Uri("http://127.0.0.1:8123")));
            Assert.That(NodeProcess.TryParseReady("info: starting 0-2", out _), Is.False);
            Assert.That(NodeProcess.TryParseReady("ready 0-2", out _), Is.False);
        });
    }

    [Test]
    public void Status_parses_heights_pool_and_the_histogram()
    {
        var status = NodeStatus.Parse("""
            {"id":"0-1","height":7,"epoch":9,"pool":12,"committed_entries":345,"syncing":false,
             "latency_ms":{"p50":12.5,"p99":40,"count":3},
             "latency_histogram":{"bounds_ms":[1,2,4],"counts":[0,1,2,0]},
             "peers":[{"id":"0-0","state":"ESTABLISHED"},{"id":"0-2","state":"CONNECTING"}]}
            """);
        var empty = NodeStatus.Parse("""{"height":null,"epoch":0,"pool":0,"committed_entries":0}""");
        Assert.Multiple(() =>
        {
            Assert.That(status.Height, Is.EqualTo(7));
            Assert.That(status.Pool, Is.EqualTo(12));
            Assert.That(status.CommittedEntries, Is.EqualTo(345));
            Assert.That(status.Latency.Total, Is.EqualTo(3));
            Assert.That(status.PeersEstablished, Is.EqualTo(1));
            Assert.That(empty.Height, Is.Null);
            Assert.That(empty.Latency.Total, Is.EqualTo(0));
        });
    }

    [Test]
    public void Proc_stat_cpu_counts_user_and_system_ticks_after_the_command_name()
    {
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 100 0 0";
        Assert.That(ProcessStats.ParseCpuSeconds(stat), Is.EqualTo(3.0));
    }

    [Test]
    public void Own_process_has_a_peak_rss_and_cpu_time()
    {
        var stats = ProcessStats.Read(Environment.ProcessId);
        Assert.That(stats, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stats!.PeakRssBytes, Is.GreaterThanOrEqualTo(stats.RssBytes).And.GreaterThan(1 << 20));
            Assert.That(stats.CpuSeconds, Is.GreaterThan(0));
        });
    }

    [Test]
    public void Rss_trend_is_the_least_squares_slope()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RssSeries.Slope([0, 1, 2, 3], [10, 12, 14, 16]), Is.EqualTo(2).Within(1e-9));
            Assert.That(RssSeries.Slope([0, 1, 2, 3], [5, 5, 5, 5]), Is.EqualTo(0).Within(1e-9));
        });
    }
}
