using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Benchmarks;

// Merkle work against the machine's own SHA-256 rate, measured in the same run. MerkleRoot.Compute over leaf hashes
// does exactly n − 1 node hashes of 65 bytes (the "node bound"); hashing the leaves too doubles that to the "2 hashes
// per leaf" bound. Proof benchmarks use a tree of 2^20 leaves and report per proof (OperationsPerInvoke).
[MemoryDiagnoser]
[MedianColumn]
public class MerkleBenchmarks
{
    private const int Leaves = 1 << 20;
    private const int ProofBatch = 1024;
    private const int LeafDataSize = 32;

    private Hash32[] _leafHashes = [];
    private byte[] _leafData = [];
    private Hash32[] _scratchLeafHashes = [];
    private MerkleTree _tree = null!;
    private int[] _indices = [];
    private InclusionProof[] _inclusionProofs = [];
    private int[] _oldSizes = [];
    private ConsistencyProof[] _consistencyProofs = [];
    private Hash32[] _oldRoots = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(6962);
        _leafData = new byte[Leaves * LeafDataSize];
        rng.NextBytes(_leafData);
        _leafHashes = new Hash32[Leaves];
        for (var i = 0; i < Leaves; i++)
        {
            _leafHashes[i] = MerkleHash.Leaf(_leafData.AsSpan(i * LeafDataSize, LeafDataSize));
        }
        _scratchLeafHashes = new Hash32[Leaves];
        _tree = MerkleTree.FromLeafHashes(_leafHashes);
        _indices = Enumerable.Range(0, ProofBatch).Select(_ => rng.Next(Leaves)).ToArray();
        _inclusionProofs = _indices.Select(_tree.ProveInclusion).ToArray();
        _oldSizes = Enumerable.Range(0, ProofBatch).Select(_ => rng.Next(1, Leaves)).ToArray();
        _consistencyProofs = _oldSizes.Select(_tree.ProveConsistency).ToArray();
        _oldRoots = _oldSizes.Select(_tree.RootAt).ToArray();
    }

    /// <summary>The node bound: 2^20 SHA-256 calls on 65-byte inputs (what the root over leaf hashes must do).</summary>
    [Benchmark]
    public byte Sha256_1M_x65B() => HashMany(Leaves);

    /// <summary>The brief's bound: 2 × 2^20 SHA-256 calls on 65-byte inputs (leaf + node hash per leaf).</summary>
    [Benchmark]
    public byte Sha256_2M_x65B() => HashMany(2 * Leaves);

    [Benchmark(Baseline = true)]
    public Hash32 MerkleRoot_1M_leaf_hashes() => MerkleRoot.Compute(_leafHashes);

    /// <summary>Hash 2^20 leaves of 32 bytes, then the root: the whole job from data, 2 hashes per leaf.</summary>
    [Benchmark]
    public Hash32 MerkleRoot_1M_from_32B_leaf_data()
    {
        for (var i = 0; i < Leaves; i++)
        {
            _scratchLeafHashes[i] = MerkleHash.Leaf(_leafData.AsSpan(i * LeafDataSize, LeafDataSize));
        }
        return MerkleRoot.Compute(_scratchLeafHashes);
    }

    [Benchmark]
    public Hash32 MerkleTree_build_1M() => MerkleTree.FromLeafHashes(_leafHashes).Root;

    [Benchmark(OperationsPerInvoke = ProofBatch)]
    public int InclusionProof_generate_in_1M()
    {
        var total = 0;
        foreach (var index in _indices)
        {
            total += _tree.ProveInclusion(index).Path.Count;
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = ProofBatch)]
    public int InclusionProof_verify_in_1M()
    {
        var valid = 0;
        for (var i = 0; i < ProofBatch; i++)
        {
            valid += _inclusionProofs[i].Verify(_leafHashes[_indices[i]], _tree.Root) ? 1 : 0;
        }
        return valid;
    }

    [Benchmark(OperationsPerInvoke = ProofBatch)]
    public int ConsistencyProof_generate_to_1M()
    {
        var total = 0;
        foreach (var oldSize in _oldSizes)
        {
            total += _tree.ProveConsistency(oldSize).Path.Count;
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = ProofBatch)]
    public int ConsistencyProof_verify_to_1M()
    {
        var valid = 0;
        for (var i = 0; i < ProofBatch; i++)
        {
            valid += _consistencyProofs[i].Verify(_oldRoots[i], _tree.Root) ? 1 : 0;
        }
        return valid;
    }

    private static byte HashMany(int count)
    {
        Span<byte> input = stackalloc byte[65];
        Span<byte> digest = stackalloc byte[32];
        input[0] = 0x01;
        for (var i = 0; i < count; i++)
        {
            input[1] = unchecked((byte)i); // vary the input so no call can be skipped
            SHA256.HashData(input, digest);
        }
        return digest[0];
    }
}
