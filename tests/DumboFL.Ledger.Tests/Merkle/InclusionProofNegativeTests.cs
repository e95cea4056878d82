using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Ledger.Tests.Merkle;

/// <summary>Mutated-proof negatives: every damaged inclusion proof must be rejected, and rejecting never throws.</summary>
public class InclusionProofNegativeTests
{
    private const int Seed = 9162;
    private const int MaxSize = 3000;

    private static readonly Hash32[] LeafHashes = NaiveMerkle.DistinctLeafHashes(MaxSize + 1);
    private static readonly MerkleTree Tree = MerkleTree.FromLeafHashes(LeafHashes);
    private static readonly Hash32 Foreign = Hash32.Of("not in any tree"u8);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, MerkleTree> PrefixTrees = new();

    /// <summary>Every (size, index) with size ≤ 24, the edges of a few sizes around powers of two, and random pairs.</summary>
    private static IEnumerable<(int Size, int Index)> Cases(bool dense)
    {
        var limit = dense ? 24 : 10;
        for (var size = 1; size <= limit; size++)
        {
            for (var index = 0; index < size; index++)
            {
                yield return (size, index);
            }
        }
        var rng = new Random(Seed);
        foreach (var size in new[] { 63, 64, 65, 1024, 1025, 2047 })
        {
            yield return (size, 0);
            yield return (size, size - 1);
            yield return (size, rng.Next(size));
        }
        for (var i = 0; i < (dense ? 60 : 8); i++)
        {
            var size = rng.Next(2, MaxSize + 1);
            yield return (size, rng.Next(size));
        }
    }

    [Test]
    public void Structurally_mutated_paths_are_rejected()
    {
        var accepted = new List<string>();
        foreach (var (size, index) in Cases(dense: true))
        {
            var proof = ProofFor(size, index);
            var root = Tree.RootAt(size);
            foreach (var (name, path) in PathMutations.Structural(proof.Path, Foreign))
            {
                if ((proof with { Path = path }).Verify(LeafHashes[index], root))
                {
                    accepted.Add($"leaf {index} of {size}: {name}");
                }
            }
        }

        Assert.That(accepted, Is.Empty, $"seed {Seed}");
    }

    [Test]
    public void Every_single_bit_flip_of_every_path_node_is_rejected()
    {
        var accepted = new List<string>();
        var checkedCount = 0;
        foreach (var (size, index) in Cases(dense: false))
        {
            var proof = ProofFor(size, index);
            var root = Tree.RootAt(size);
            foreach (var (name, path) in PathMutations.BitFlips(proof.Path))
            {
                checkedCount++;
                if ((proof with { Path = path }).Verify(LeafHashes[index], root))
                {
                    accepted.Add($"leaf {index} of {size}: {name}");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.Empty, $"seed {Seed}");
            Assert.That(checkedCount, Is.GreaterThan(50_000));
        });
    }

    [Test]
    public void Changed_leaf_index_is_rejected()
    {
        var accepted = new List<string>();
        foreach (var (size, index) in Cases(dense: true))
        {
            var proof = ProofFor(size, index);
            var root = Tree.RootAt(size);
            foreach (long other in new long[] { index - 1, index + 1, size, -1, long.MinValue, long.MaxValue })
            {
                if (other == index)
                {
                    continue;
                }
                var moved = proof with { LeafIndex = other };
                if (moved.Verify(LeafHashes[index], root))
                {
                    accepted.Add($"leaf {index} of {size} claimed at {other}");
                }
                // The leaf that really sits at the claimed index, with the path of its neighbour.
                if (other >= 0 && other < size && moved.Verify(LeafHashes[other], root))
                {
                    accepted.Add($"leaf {other} of {size} with the path of leaf {index}");
                }
            }
        }

        Assert.That(accepted, Is.Empty, $"seed {Seed}");
    }

    /// <summary>
    /// A changed size is checked against the root of a tree of that size: a verifier always takes (size, root) from
    /// the same signed header. See <see cref="A_changed_size_is_caught_by_the_root_it_is_paired_with"/> for why the
    /// original root cannot serve here.
    /// </summary>
    [Test]
    public void Changed_tree_size_is_rejected()
    {
        var accepted = new List<string>();
        foreach (var (size, index) in Cases(dense: true))
        {
            var proof = ProofFor(size, index);
            foreach (var other in new[] { size - 1, size + 1, 2 * size })
            {
                if (other >= 1 && other <= MaxSize && (proof with { TreeSize = other }).Verify(LeafHashes[index], Tree.RootAt(other)))
                {
                    accepted.Add($"leaf {index} of {size} claimed in size {other}");
                }
            }
            // Sizes no tree of this test has: checked against the proof's own root.
            foreach (var other in new[] { 0L, -1L, long.MinValue, 1L << 40, (1L << 62) + index, long.MaxValue })
            {
                if ((proof with { TreeSize = other }).Verify(LeafHashes[index], Tree.RootAt(size)))
                {
                    accepted.Add($"leaf {index} of {size} claimed in size {other}");
                }
            }
        }

        Assert.That(accepted, Is.Empty, $"seed {Seed}");
    }

    [Test]
    public void Wrong_leaf_hash_or_wrong_root_is_rejected()
    {
        var accepted = new List<string>();
        foreach (var (size, index) in Cases(dense: true))
        {
            var proof = ProofFor(size, index);
            var leaf = LeafHashes[index];
            var root = Tree.RootAt(size);
            (string Name, Hash32 Leaf, Hash32 Root)[] wrong =
            [
                ("foreign leaf", Foreign, root),
                ("next leaf's hash", LeafHashes[index + 1], root),
                ("leaf bit 0 flipped", PathMutations.FlipBit(leaf, 0), root),
                ("leaf bit 255 flipped", PathMutations.FlipBit(leaf, 255), root),
                ("raw data hash instead of leaf hash", Hash32.Of(System.Text.Encoding.UTF8.GetBytes($"leaf {index}")), root),
                ("root of size + 1", leaf, Tree.RootAt(size + 1)),
                ("empty-tree root", leaf, MerkleHash.Empty),
                ("root bit 7 flipped", leaf, PathMutations.FlipBit(root, 7)),
                ("leaf and root swapped", root, leaf),
            ];
            foreach (var (name, leafHash, rootHash) in wrong)
            {
                if (leafHash != leaf || rootHash != root)
                {
                    if (proof.Verify(leafHash, rootHash))
                    {
                        accepted.Add($"leaf {index} of {size}: {name}");
                    }
                }
            }
        }

        Assert.That(accepted, Is.Empty, $"seed {Seed}");
    }

    [Test]
    public void Malformed_proofs_return_false_instead_of_throwing()
    {
        var leaf = LeafHashes[0];
        var root = Tree.RootAt(1);
        var longPath = Enumerable.Repeat(Foreign, 10_000).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(new InclusionProof(0, 1, null!).Verify(leaf, root), Is.False);
            Assert.That(new InclusionProof(0, 1, longPath).Verify(leaf, root), Is.False);
            Assert.That(new InclusionProof(long.MaxValue - 1, long.MaxValue, longPath).Verify(leaf, root), Is.False);
            Assert.That(new InclusionProof(0, 0, []).Verify(leaf, MerkleHash.Empty), Is.False);
            Assert.That(new InclusionProof(0, 1, []).Verify(leaf, root), Is.True, "the well-formed control");
        });
    }

    /// <summary>
    /// RFC 9162 §2.1.3.2 binds tree_size only through the root: leaf 0's path in a tree of 5 leaves has the same
    /// shape (three right siblings) as in a tree of 6, so it verifies for "size 6" against the size-5 root. That is
    /// harmless because no tree of 6 leaves has that root (the last level would need a leaf hash to equal a node hash,
    /// which the 0x00/0x01 prefixes rule out barring a SHA-256 collision) — provided the size and root come from one
    /// signed header, as they do in a block header.
    /// </summary>
    [Test]
    public void A_changed_size_is_caught_by_the_root_it_is_paired_with()
    {
        var proof = ProofFor(5, 0);
        var claimed = proof with { TreeSize = 6 };

        Assert.Multiple(() =>
        {
            Assert.That(claimed.Verify(LeafHashes[0], Tree.RootAt(5)), Is.True, "same path shape, size-5 root");
            Assert.That(claimed.Verify(LeafHashes[0], Tree.RootAt(6)), Is.False, "the real size-6 root");
            Assert.That(Tree.RootAt(6), Is.Not.EqualTo(Tree.RootAt(5)));
        });
    }

    private static InclusionProof ProofFor(int size, int index) =>
        PrefixTrees.GetOrAdd(size, s => MerkleTree.FromLeafHashes(LeafHashes[..s])).ProveInclusion(index);
}
