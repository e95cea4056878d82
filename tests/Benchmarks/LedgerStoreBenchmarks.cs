using System.Diagnostics;
using System.Globalization;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;

namespace DumboFL.Benchmarks;

/// <summary>
/// SQLite commit latency of 10,000-entry blocks (persistent rollback journal, synchronous=FULL): a Stopwatch harness rather than a
/// BenchmarkDotNet class, because the figure wanted is the latency distribution (p50/p99) of single commits
/// on a growing file, not a mean over invocations.
/// <code>dotnet run -c Release --project tests/Benchmarks -- ledger-store [--commits 100] [--warmup 5] [--entries 10000] [--dir DIR]</code>
/// Each block is built and its entries encoded and hashed before its commit is timed: the time is
/// <see cref="SqliteLedgerStore.Append"/> alone (checks, one transaction, fsync).
/// </summary>
public static class LedgerStoreBenchmarks
{
    public static void Run(string[] args)
    {
        var commits = HarnessArgs.Option(args, "--commits", 100);
        var warmup = HarnessArgs.Option(args, "--warmup", 5);
        var entries = HarnessArgs.Option(args, "--entries", 10_000);
        var directory = HarnessArgs.ScratchDirectory(args, "ledger-bench");

        Console.WriteLine($"SQLite ledger commit: {entries:N0} entries per block, {commits} timed commits after {warmup} warm-up, rollback journal (PERSIST) + synchronous=FULL");
        Console.WriteLine($"directory {directory} on {Filesystem(directory)}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| block | entry bytes (avg) | p50 ms | p90 ms | p99 ms | max ms | mean ms | entries/s (mean) | MB/s (mean) | p50 first/last fifth ms | file MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        try
        {
            Measure("payload-250", directory, commits, warmup, (height, i) => Payload(height, i));
            Measure("mix", directory, commits, warmup, Mix);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        void Measure(string name, string dir, int timed, int warm, Func<ulong, int, LedgerEntry> entry)
        {
            var path = Path.Combine(dir, $"{name}.db");
            var times = new List<double>();
            long bytes = 0;
            using (var store = SqliteLedgerStore.Open(path))
            {
                var previous = Hash32.Zero;
                for (var h = 0UL; h < (ulong)(warm + timed); h++)
                {
                    var block = Build(h, previous, Enumerable.Range(0, entries).Select(i => entry(h, i)));
                    previous = block.Header.Hash;
                    var blockBytes = block.Entries.Sum(e => (long)e.Encode().Length);
                    var clock = Stopwatch.StartNew();
                    store.Append(block);
                    clock.Stop();
                    if (h >= (ulong)warm)
                    {
                        times.Add(clock.Elapsed.TotalMilliseconds);
                        bytes += blockBytes;
                    }
                }
            }
            var sorted = times.Order().ToArray();
            // The file grows by ~1M entries over the run; the unique id index makes later commits dearer.
            var fifth = Math.Max(1, timed / 5);
            var first = times.Take(fifth).Order().ToArray();
            var last = times.TakeLast(fifth).Order().ToArray();
            var mean = times.Average();
            var size = new FileInfo(path).Length / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {bytes / (double)(timed * entries):F0} | {Percentile(sorted, 50):F1} | {Percentile(sorted, 90):F1} | {Percentile(sorted, 99):F1} | {sorted[^1]:F1} | {mean:F1} | {entries / (mean / 1000):N0} | {bytes / (double)timed / 1e6 / (mean / 1000):F1} | {Percentile(first, 50):F0} / {Percentile(last, 50):F0} | {size:F0} |"));
        }
    }

    /// <summary>An opaque 250-byte payload, distinct per (height, index).</summary>
    private static LedgerEntry Payload(ulong height, int index)
    {
        var data = new byte[250];
        new Random(HashCode.Combine(height, index)).NextBytes(data);
        BitConverter.TryWriteBytes(data, height);
        BitConverter.TryWriteBytes(data.AsSpan(8), index);
        return new Payload(data);
    }

    /// <summary>
    /// What an FL round commits, roughly: 40% chunk commits, 10% model updates, 5% aggregates, 15% cross-shard
    /// txs (128-byte payloads, three output shards), 30% 250-byte payloads.
    /// </summary>
    private static LedgerEntry Mix(ulong height, int index)
    {
        var client = $"client-{index % 500:D4}";
        var digest = Hash32.Of(BitConverter.GetBytes(((long)height << 24) | (long)index));
        return (index % 20) switch
        {
            < 8 => new ChunkCommit(height, client, (uint)index, digest, 65_536),
            < 10 => new ModelUpdate(height, $"{client}/{index}", digest, 16, 1_000),
            < 11 => new Aggregate(height, (uint)index, digest, 100_000),
            < 14 => new CrossShardTx(digest, [0u, (uint)(index % 3) + 1], [true, true], (uint)(index % 3) + 1, true, digest.ToArray().Concat(new byte[96]).ToArray()),
            _ => Payload(height, index),
        };
    }

    private static Block Build(ulong height, Hash32 previous, IEnumerable<LedgerEntry> entries)
    {
        var ordered = entries.OrderBy(e => e.Group).ToArray();
        foreach (var entry in ordered)
        {
            _ = entry.Id; // encodes and hashes now, outside the timed commit
        }
        // Placeholder roots: the store keeps the header as given and does not recompute Merkle roots.
        var groups = ordered.GroupBy(e => e.Group).Select(g => new GroupRoot(g.Key, g.Count(), g.First().Id)).ToArray();
        var header = new BlockHeader(0, height, height, previous, groups, Hash32.Of(BitConverter.GetBytes(height)), ordered.Length, Hash32.Zero);
        return new Block(header, ordered, null);
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];


    /// <summary>The mount holding <paramref name="path"/>: its mount point, filesystem type and free space.</summary>
    private static string Filesystem(string path)
    {
        var full = Path.GetFullPath(path);
        var drive = DriveInfo.GetDrives()
            .Where(d => full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .MaxBy(d => d.RootDirectory.FullName.Length);
        try
        {
            return drive is null ? "an unknown filesystem" : $"{drive.RootDirectory.FullName} ({drive.DriveFormat}, {drive.AvailableFreeSpace / 1e9:F0} GB free)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return drive!.RootDirectory.FullName;
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
