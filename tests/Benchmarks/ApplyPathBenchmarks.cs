using System.Diagnostics;
using System.Globalization;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using DumboFL.Ledger.Validation;

namespace DumboFL.Benchmarks;

/// <summary>
/// Where a node's ledger time goes for one decided batch, as the node runs it: decode + validate every item,
/// build the block (Merkle trees), append it to the SQLite store (group commit), flush every two blocks.
/// <code>dotnet run -c Release --project tests/Benchmarks -- apply-path [--blocks 300] [--entries 8000] [--dir DIR]</code>
/// Prints the median per-entry cost of each part over the first and the last fifth of the run, so growth with the
/// ledger shows.
/// </summary>
public static class ApplyPathBenchmarks
{
    public static void Run(string[] args)
    {
        var blocks = HarnessArgs.Option(args, "--blocks", 300);
        var entries = HarnessArgs.Option(args, "--entries", 8000);
        var directory = HarnessArgs.ScratchDirectory(args, "apply-bench");
        try
        {
            using ILedgerStore store = args.Contains("--memory") ? new InMemoryLedgerStore() : SqliteLedgerStore.Open(Path.Combine(directory, "ledger.db"), int.MaxValue);
            var state = new LedgerState(store, 0, 1, _ => true);
            var applier = new BlockApplier(store, state, new EntryValidator(LedgerRules.Default));
            var rows = new List<double[]>();
            var random = new Random(7);
            for (var b = 0; b < blocks; b++)
            {
                var items = new byte[entries][];
                for (var i = 0; i < entries; i++)
                {
                    var data = new byte[250];
                    random.NextBytes(data);
                    items[i] = new Payload(data).Encode();
                }
                var t0 = Stopwatch.GetTimestamp();
                var result = applier.Apply((ulong)b, Hash32.Of(BitConverter.GetBytes(b)), items);
                var t1 = Stopwatch.GetTimestamp();
                if (b % 2 == 1)
                {
                    store.Flush();
                }
                var t2 = Stopwatch.GetTimestamp();
                if (result.Accepted != entries)
                {
                    throw new InvalidOperationException($"block {b}: {result.Accepted} accepted");
                }
                rows.Add([Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds / entries, Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds / entries]);
            }
            var fifth = Math.Max(1, blocks / 5);
            Console.WriteLine($"apply path: {blocks} blocks of {entries:N0} 250-byte payloads ({blocks * (long)entries:N0} entries), flush every 2 blocks");
            Console.WriteLine("| part of the run | apply µs/entry (p50) | flush µs/entry (p50, flushing blocks) | slowest apply (µs/entry) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Print("first fifth", rows.Take(fifth).ToList());
            Print("last fifth", rows.TakeLast(fifth).ToList());
            if (store is SqliteLedgerStore sqlite)
            {
                var stats = sqlite.IndexStats;
                Console.WriteLine($"id index: {stats.Ids:N0} ids in {stats.Runs} runs, {stats.RecordsMerged:N0} records merged, {stats.PagesProbed:N0} pages probed; file {new FileInfo(sqlite.Path).Length / 1e6:N0} MB");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Print(string name, List<double[]> rows)
    {
        var apply = rows.Select(r => r[0]).Order().ToArray();
        var flush = rows.Where(r => r[1] > 0.01).Select(r => r[1]).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {apply[apply.Length / 2]:F2} | {(flush.Length == 0 ? 0 : flush[flush.Length / 2]):F2} | {apply[^1]:F2} |"));
    }

}
