using BenchmarkDotNet.Running;

namespace DumboFL.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        // A latency-distribution harness, not a BenchmarkDotNet class: see LedgerStoreBenchmarks.
        if (args is ["ledger-store", .. var rest])
        {
            LedgerStoreBenchmarks.Run(rest);
            return;
        }
        if (args is ["apply-path", .. var applyArgs])
        {
            ApplyPathBenchmarks.Run(applyArgs);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
