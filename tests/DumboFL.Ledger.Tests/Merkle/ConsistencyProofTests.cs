using DumboFL.Ledger.Merkle;

namespace DumboFL.Ledger.Tests.Merkle;

public class ConsistencyProofTests
{
    private const int Seed = 6962;

    [Test]
    public void Consistency_proofs_of_the_RFC_6962_leaves_match_the_known_vectors()
    {
        var leaves = Rfc6962Vectors.Leaves;

        Assert.Multiple(() =>
        {
            foreach (var (oldSize, newSize, pathHex) in Rfc6962Vectors.ConsistencyProofs)
            {
                var tree = MerkleTree.FromLeafData(leaves.Take(newSize));
                var proof = tree.ProveConsistency(oldSize);
                var expectedPath = Rfc6962Vectors.Hashes(pathHex);

                Assert.That(proof.Path, Is.EqualTo(expectedPath), $"path {oldSize} → {newSize}");
                Assert.That((proof.OldSize, proof.NewSize), Is.EqualTo(((long)oldSize, (long)newSize)));
                Assert.That(new ConsistencyProof(oldSize, newSize, expectedPath).Verify(Rfc6962Vectors.Root(oldSize), Rfc6962Vectors.Root(newSize)),
                    Is.True, $"vector {oldSize} → {newSize}");
            }
        });
    }

    [Test]
    public void Every_consistency_proof_verifies_for_sizes_1_to_64()
    {
        var leafHashes = NaiveMerkle.DistinctLeafHashes(64);
        var rejected = new List<string>();

        for (var newSize = 1; newSize <= 64; newSize++)
        {
            var tree = MerkleTree.FromLeafHashes(leafHashes[..newSize]);
            for (var oldSize = 1; oldSize <= newSize; oldSize++)
            {
                if (!tree.ProveConsistency(oldSize).Verify(tree.RootAt(oldSize), tree.Root))
                {
                    rejected.Add($"{oldSize} → {newSize}");
                }
            }
        }

        Assert.That(rejected, Is.Empty);
    }

    [Test]
    public void Consistency_proofs_verify_in_larger_trees()
    {
        var rng = new Random(Seed);
        var leafHashes = NaiveMerkle.DistinctLeafHashes(5000);
        int[] sizes = [127, 128, 129, 1024, 1025, .. Enumerable.Range(0, 6).Select(_ => rng.Next(65, 5001))];
        var rejected = new List<string>();

        foreach (var newSize in sizes)
        {
            var tree = MerkleTree.FromLeafHashes(leafHashes[..newSize]);
            int[] oldSizes = [1, 2, newSize / 2, newSize - 1, newSize, .. Enumerable.Range(0, 15).Select(_ => rng.Next(1, newSize + 1))];
            foreach (var oldSize in oldSizes.Distinct())
            {
                var oldRoot = MerkleRoot.Compute(leafHashes.AsSpan(0, oldSize));
                if (!tree.ProveConsistency(oldSize).Verify(oldRoot, tree.Root))
                {
                    rejected.Add($"{oldSize} → {newSize}");
                }
            }
        }

        Assert.That(rejected, Is.Empty, $"seed {Seed}");
    }

    [Test]
    public void Proof_between_equal_sizes_is_empty()
    {
        var tree = MerkleTree.FromLeafHashes(NaiveMerkle.DistinctLeafHashes(11));
        var proof = tree.ProveConsistency(11);

        Assert.Multiple(() =>
        {
            Assert.That(proof.Path, Is.Empty);
            Assert.That(proof.Verify(tree.Root, tree.Root), Is.True);
        });
    }

    [Test]
    public void Old_size_outside_1_to_size_throws()
    {
        var tree = MerkleTree.FromLeafHashes(NaiveMerkle.DistinctLeafHashes(7));

        Assert.Multiple(() =>
        {
            Assert.That(() => tree.ProveConsistency(0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => tree.ProveConsistency(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => tree.ProveConsistency(8), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
