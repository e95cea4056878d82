using System.Diagnostics;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Storage;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>
/// Kills a process appending to a SqliteLedgerStore with SIGKILL at random points, over and over, and checks
/// after every kill that the file reopens with no gap and no torn block. Replay a failure with
/// DUMBOFL_CRASH_SEED=S (the kill points are seeded; the writer's exact progress when the signal lands is not).
/// </summary>
[TestFixture]
[Category("Crash")]
public sealed class SqliteCrashTests
{
    private const int DefaultSeed = 61_157;
    private const int Kills = 100;

    /// <summary>A new file every so many kills keeps each integrity check small; each file still sees 10 crashes.</summary>
    private const int KillsPerFile = 10;

    /// <summary>
    /// Share of runs that append long enough (30–89 blocks) for merges of the id index to rewrite and free pages
    /// that later blocks reuse, so that some kills land in a transaction that journals existing pages.
    /// </summary>
    private const double LongRunShare = 0.15;

    [Test]
    public void A_writer_killed_at_random_points_leaves_no_gap_and_no_torn_block()
    {
        var seed = Environment.GetEnvironmentVariable("DUMBOFL_CRASH_SEED") is { Length: > 0 } s ? int.Parse(s) : DefaultSeed;
        var random = new Random(seed);
        var writer = CrashWriterProcess.Locate();
        var expected = new ExpectedCrashChain();
        var directory = TemporaryDirectory.Create("ledger-crash");
        var clock = Stopwatch.StartNew();
        var unreported = 0;
        var maxHeight = 0UL;
        var longRuns = 0;
        var checking = TimeSpan.Zero;
        try
        {
            string path = "";
            ulong? verified = null;
            for (var kill = 0; kill < Kills; kill++)
            {
                if (kill % KillsPerFile == 0)
                {
                    path = Path.Combine(directory, $"ledger-{kill / KillsPerFile}.db");
                    verified = null;
                }
                var context = $"seed {seed} (replay: DUMBOFL_CRASH_SEED={seed}), kill {kill}, file {Path.GetFileName(path)}";

                ulong? reported;
                using (var run = CrashWriterProcess.Start(writer, path))
                {
                    // At least one new block, then a random number more, then a random instant inside the
                    // next commit (one takes a few ms): the kill lands anywhere in the append cycle.
                    var longRun = random.NextDouble() < LongRunShare;
                    longRuns += longRun ? 1 : 0;
                    run.WaitForCommits(longRun ? 30 + random.Next(60) : 1 + random.Next(4));
                    SpinFor(TimeSpan.FromTicks(random.NextInt64(TimeSpan.TicksPerMillisecond * 12)));
                    run.Kill();
                    reported = run.LastCommitted;
                }

                var checkClock = Stopwatch.StartNew();
                var height = Check(path, expected, verified, context);
                checking += checkClock.Elapsed;
                Assert.That(reported, Is.Not.Null, context);
                // Durable: every reported commit survived. Atomic: at most the one commit in flight also did.
                Assert.That(height, Is.InRange(reported!.Value, reported.Value + 1), $"{context}: reopened at {height}, writer reported {reported}");
                unreported += height > reported ? 1 : 0;
                maxHeight = Math.Max(maxHeight, height);
                verified = height;
            }
        }
        finally
        {
            TemporaryDirectory.Delete(directory);
        }
        TestContext.Out.WriteLine($"seed {seed}: {Kills} kills ({longRuns} after long runs) in {clock.Elapsed.TotalSeconds:F1} s " +
            $"(checking {checking.TotalSeconds:F1} s), files of up to {maxHeight + 1} blocks; {unreported} kills landed after a commit " +
            "reached the file but before the writer reported it (inside fsync or just after Append returned)");
    }

    /// <summary>
    /// Reopens the file and checks the whole chain: SQLite integrity, heights 0..H with applied height H, every
    /// header the expected one (so every link holds), every block's entry count; blocks above
    /// <paramref name="verified"/> (new since the last check) entry by entry.
    /// </summary>
    private static ulong Check(string path, ExpectedCrashChain expected, ulong? verified, string context)
    {
        using var store = SqliteLedgerStore.Open(path);
        Assert.That(store.IntegrityCheck(), Is.EqualTo("ok"), context);
        var height = store.Height ?? throw new AssertionException($"{context}: the ledger is empty after a reported commit");

        // Underneath the store (a read-only connection; the store is the only writer).
        var blocks = RawDatabase.Rows(path, "SELECT COUNT(*), MIN(height), MAX(height) FROM blocks")[0];
        var perBlock = RawDatabase.Rows(path, "SELECT height, entry_count FROM blocks WHERE body IS NOT NULL ORDER BY height");
        var indexed = RawDatabase.Query(path, "SELECT SUM(count) FROM id_runs WHERE complete = 1");
        Assert.Multiple(() =>
        {
            Assert.That(blocks, Is.EqualTo(new object[] { (long)height + 1, 0L, (long)height }), $"{context}: block count, lowest, highest");
            Assert.That(RawDatabase.Query(path, "SELECT height FROM applied"), Is.EqualTo((long)height), $"{context}: applied height");
            Assert.That(perBlock.Select(r => (long)r[0]), Is.EqualTo(Enumerable.Range(0, (int)height + 1).Select(h => (long)h)), $"{context}: heights with entries");
            Assert.That(perBlock.Select(r => (long)r[1]), Is.EqualTo(Enumerable.Range(0, (int)height + 1).Select(h => (long)expected[(ulong)h].Entries.Count)), $"{context}: entries per block");
            Assert.That(indexed, Is.EqualTo(Enumerable.Range(0, (int)height + 1).Sum(h => (long)expected[(ulong)h].Entries.Count)), $"{context}: ids in the index");
        });

        BlockHeader? previous = null;
        for (var h = 0UL; h <= height; h++)
        {
            var header = store.GetHeader(h)!;
            Assert.That(header.Hash, Is.EqualTo(expected[h].Header.Hash), $"{context}: header {h}");
            if (previous is not null)
            {
                Assert.That(header.PrevHash, Is.EqualTo(previous.Hash), $"{context}: link {h - 1}→{h}");
            }
            previous = header;
        }
        var firstNew = verified is { } v ? v : 0UL;
        for (var h = firstNew; h <= height; h++)
        {
            var block = store.GetBlock(h)!;
            Assert.That(block.Entries.Select(e => e.Id), Is.EqualTo(expected[h].Entries.Select(e => e.Id)), $"{context}: entries of block {h}");
            var last = expected[h].Entries[^1];
            Assert.That(store.FindEntry(last.Id)?.Height, Is.EqualTo(h), $"{context}: the index finds the last entry of block {h}");
        }
        return height;
    }

    /// <summary>A random instant, not a synchronisation: the writer's progress is read from its output.</summary>
    private static void SpinFor(TimeSpan span)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < span)
        {
            Thread.SpinWait(20);
        }
    }
}
