using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DumboFL.Core.Hashing;

namespace DumboFL.Benchmarks;

// SHA-256 of the sizes the hot paths hash: a Merkle interior node (65 bytes), an entry (250), a block body
// (6 MB), through the framework's one-shot call and through Sha256 (libcrypto's low-level API on Linux).
// dotnet run -c Release --project tests/Benchmarks -- --filter '*Sha256Benchmarks*'
[MedianColumn]
public class Sha256Benchmarks
{
    private byte[] _data = [];
    private readonly byte[] _digest = new byte[32];

    [Params(65, 250, 6_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(6962).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public void Framework() => SHA256.HashData(_data, _digest);

    [Benchmark]
    public void Direct() => Sha256.Hash(_data, _digest);
}
