using DumboFL.Ledger.Merkle;

namespace DumboFL.Ledger.Tests.Merkle;

public class InclusionProofTests
{
    private const int Seed = 6962;

    [Test]
    public void Audit_paths_of_the_RFC_6962_leaves_match_the_known_vectors()
    {
        var leaves = Rfc6962Vectors.Leaves;

        Assert.Multiple(() =>
        {
            foreach (var (index, size, pathHex) in Rfc6962Vectors.InclusionProofs)
            {
                var tree = MerkleTree.FromLeafData(leaves.Take(size));
                var proof = tree.ProveInclusion(index);
                var expectedPath = Rfc6962Vectors.Hashes(pathHex);

                Assert.That(proof.Path, Is.EqualTo(expectedPath), $"path of leaf {index} in size {size}");
                Assert.That(proof.LeafIndex, Is.EqualTo(index));
                Assert.That(proof.TreeSize, Is.EqualTo(size));
                Assert.That(new InclusionProof(index, size, expectedPath).Verify(MerkleHash.Leaf(leaves[index]), Rfc6962Vectors.Root(size)),
                    Is.True, $"vector for leaf {index} in size {size}");
            }
        });
    }

    [Test]
    public void Every_inclusion_proof_verifies_for_sizes_1_to_64()
    {
        var leafHashes = NaiveMerkle.DistinctLeafHashes(64);
        var rejected = new List<string>();

        for (var size = 1; size <= 64; size++)
        {
            var tree = MerkleTree.FromLeafHashes(leafHashes[..size]);
            for (var index = 0; index < size; index++)
            {
                if (!tree.ProveInclusion(index).Verify(leafHashes[index], tree.Root))
                {
                    rejected.Add($"leaf {index} of {size}");
                }
            }
        }

        Assert.That(rejected, Is.Empty);
    }

    [Test]
    public void Inclusion_proofs_verify_in_larger_trees()
    {
        var rng = new Random(Seed);
        var leafHashes = NaiveMerkle.DistinctLeafHashes(5000);
        int[] sizes = [127, 128, 129, 1023, 1024, 1025, .. Enumerable.Range(0, 6).Select(_ => rng.Next(65, 5001))];
        var rejected = new List<string>();

        foreach (var size in sizes)
        {
            var tree = MerkleTree.FromLeafHashes(leafHashes[..size]);
            Assert.That(tree.Root, Is.EqualTo(NaiveMerkle.Root(leafHashes[..size])), $"root of {size}");
            int[] indices = [0, 1, size / 2, size - 2, size - 1, .. Enumerable.Range(0, 40).Select(_ => rng.Next(size))];
            foreach (var index in indices.Where(i => i >= 0).Distinct())
            {
                if (!tree.ProveInclusion(index).Verify(leafHashes[index], tree.Root))
                {
                    rejected.Add($"leaf {index} of {size}");
                }
            }
        }

        Assert.That(rejected, Is.Empty, $"seed {Seed}");
    }

    [Test]
    public void Proving_a_leaf_outside_the_tree_throws()
    {
        var tree = MerkleTree.FromLeafHashes(NaiveMerkle.DistinctLeafHashes(7));
        var empty = MerkleTree.FromLeafHashes([]);

        Assert.Multiple(() =>
        {
            Assert.That(() => tree.ProveInclusion(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => tree.ProveInclusion(7), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => empty.ProveInclusion(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
