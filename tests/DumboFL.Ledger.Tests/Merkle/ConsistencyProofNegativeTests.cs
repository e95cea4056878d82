using System.Collections.Concurrent;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Ledger.Tests.Merkle;

/// <summary>Mutated-proof negatives for consistency proofs: every damaged proof is rejected without throwing.</summary>
public class ConsistencyProofNegativeTests
{
    private const int Seed = 6962_9162;
    private const int MaxSize = 3000;

    private static readonly Hash32[] LeafHashes = NaiveMerkle.DistinctLeafHashes(MaxSize + 1);
    private static readonly MerkleTree Tree = MerkleTree.FromLeafHashes(LeafHashes);
    private static readonly Hash32 Foreign = Hash32.Of("not in any tree"u8);
    private static readonly ConcurrentDictionary<int, MerkleTree> PrefixTrees = new();

    /// <summary>Every 1 ≤ old ≤ new ≤ limit, a few sizes around powers of two, and random pairs.</summary>
    private static IEnumerable<(int OldSize, int NewSize)> Cases(bool dense)
    {
        var limit = dense ? 24 : 10;
        for (var newSize = 1; newSize <= limit; newSize++)
        {
            for (var oldSize = 1; oldSize <= newSize; oldSize++)
            {
                yield return (oldSize, newSize);
            }
        }
        var rng = new Random(Seed);
        foreach (var newSize in new[] { 63, 64, 65, 1024, 1025, 2047 })
        {
            yield return (1, newSize);
            yield return (newSize - 1, newSize);
            yield return (rng.Next(1, newSize), newSize);
        }
        for (var i = 0; i < (dense ? 60 : 8); i++)
        {
            var newSize = rng.Next(2, MaxSize + 1);
            yield return (rng.Next(1, newSize), newSize);
        }
    }

    [Test]
    public void Structurally_mutated_paths_are_rejected()
    {
        var accepted = new List<string>();
        foreach (var (oldSize, newSize) in Cases(dense: true))
        {
            var proof = ProofFor(oldSize, newSize);
            foreach (var (name, path) in PathMutations.Structural(proof.Path, Foreign))
            {
                if ((proof with { Path = path }).Verify(Tree.RootAt(oldSize), Tree.RootAt(newSize)))
                {
                    accepted.Add($"{oldSize} → {newSize}: {name}");
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
        foreach (var (oldSize, newSize) in Cases(dense: false))
        {
            var proof = ProofFor(oldSize, newSize);
            var oldRoot = Tree.RootAt(oldSize);
            var newRoot = Tree.RootAt(newSize);
            foreach (var (name, path) in PathMutations.BitFlips(proof.Path))
            {
                checkedCount++;
                if ((proof with { Path = path }).Verify(oldRoot, newRoot))
                {
                    accepted.Add($"{oldSize} → {newSize}: {name}");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.Empty, $"seed {Seed}");
            Assert.That(checkedCount, Is.GreaterThan(50_000));
        });
    }

    /// <summary>
    /// Changed sizes are checked against the real roots of trees of those sizes (the verifier's two signed headers);
    /// sizes that no tree here has are checked against the proof's own roots. As for inclusion proofs, RFC 9162
    /// binds the sizes only through the roots.
    /// </summary>
    [Test]
    public void Changed_old_or_new_size_is_rejected()
    {
        var accepted = new List<string>();
        foreach (var (oldSize, newSize) in Cases(dense: true))
        {
            var proof = ProofFor(oldSize, newSize);
            (long Old, long New)[] claims =
            [
                (oldSize - 1, newSize), (oldSize + 1, newSize), (oldSize, newSize - 1), (oldSize, newSize + 1),
                (oldSize + 1, newSize + 1), (oldSize - 1, newSize - 1), (newSize, oldSize),
            ];
            foreach (var (claimedOld, claimedNew) in claims)
            {
                if ((claimedOld, claimedNew) == (oldSize, newSize) || claimedOld < 1 || claimedNew < 1 || claimedNew > MaxSize)
                {
                    continue;
                }
                if (proof.Path.Count == 0 && claimedOld == claimedNew)
                {
                    continue; // "a tree of k leaves is consistent with itself" is true for every k
                }
                var mutated = proof with { OldSize = claimedOld, NewSize = claimedNew };
                if (mutated.Verify(Tree.RootAt((int)claimedOld), Tree.RootAt((int)claimedNew)))
                {
                    accepted.Add($"{oldSize} → {newSize} claimed as {claimedOld} → {claimedNew}");
                }
            }
            (long Old, long New)[] impossible =
            [
                (0, newSize), (-1, newSize), (oldSize, 0), (0, 0), (long.MinValue, newSize), (oldSize, long.MaxValue),
                (oldSize, (1L << 62) + newSize), (long.MaxValue, long.MaxValue), (newSize + 1, newSize),
            ];
            foreach (var (claimedOld, claimedNew) in impossible)
            {
                if (proof.Path.Count == 0 && claimedOld == claimedNew && claimedOld > 0)
                {
                    continue; // see above: true for any size when the roots are equal
                }
                var mutated = proof with { OldSize = claimedOld, NewSize = claimedNew };
                if (mutated.Verify(Tree.RootAt(oldSize), Tree.RootAt(newSize)))
                {
                    accepted.Add($"{oldSize} → {newSize} claimed as {claimedOld} → {claimedNew}");
                }
            }
        }

        Assert.That(accepted, Is.Empty, $"seed {Seed}");
    }

    [Test]
    public void Wrong_or_swapped_roots_are_rejected()
    {
        var accepted = new List<string>();
        foreach (var (oldSize, newSize) in Cases(dense: true))
        {
            var proof = ProofFor(oldSize, newSize);
            var oldRoot = Tree.RootAt(oldSize);
            var newRoot = Tree.RootAt(newSize);
            (string Name, Hash32 Old, Hash32 New)[] wrong =
            [
                ("roots swapped", newRoot, oldRoot),
                ("old root of size - 1", Tree.RootAt(oldSize - 1), newRoot),
                ("old root of size + 1", Tree.RootAt(oldSize + 1), newRoot),
                ("new root of size + 1", oldRoot, Tree.RootAt(newSize + 1)),
                ("old root bit 0 flipped", PathMutations.FlipBit(oldRoot, 0), newRoot),
                ("new root bit 255 flipped", oldRoot, PathMutations.FlipBit(newRoot, 255)),
                ("foreign old root", Foreign, newRoot),
                ("foreign new root", oldRoot, Foreign),
                ("empty-tree old root", MerkleHash.Empty, newRoot),
            ];
            foreach (var (name, claimedOld, claimedNew) in wrong)
            {
                if ((claimedOld != oldRoot || claimedNew != newRoot) && proof.Verify(claimedOld, claimedNew))
                {
                    accepted.Add($"{oldSize} → {newSize}: {name}");
                }
            }
        }

        Assert.That(accepted, Is.Empty, $"seed {Seed}");
    }

    [Test]
    public void Malformed_proofs_return_false_instead_of_throwing()
    {
        var root4 = Tree.RootAt(4);
        var root7 = Tree.RootAt(7);
        var longPath = Enumerable.Repeat(Foreign, 10_000).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(new ConsistencyProof(4, 7, null!).Verify(root4, root7), Is.False);
            Assert.That(new ConsistencyProof(4, 7, []).Verify(root4, root7), Is.False, "empty path for different sizes");
            Assert.That(new ConsistencyProof(4, 4, [Foreign]).Verify(root4, root4), Is.False, "non-empty path for equal sizes");
            Assert.That(new ConsistencyProof(4, 4, []).Verify(root4, root7), Is.False, "equal sizes, different roots");
            Assert.That(new ConsistencyProof(4, 7, longPath).Verify(root4, root7), Is.False);
            Assert.That(new ConsistencyProof(long.MaxValue - 1, long.MaxValue, longPath).Verify(root4, root7), Is.False);
            Assert.That(ProofFor(4, 7).Verify(root4, root7), Is.True, "the well-formed control");
        });
    }

    private static ConsistencyProof ProofFor(int oldSize, int newSize) =>
        PrefixTrees.GetOrAdd(newSize, s => MerkleTree.FromLeafHashes(LeafHashes[..s])).ProveConsistency(oldSize);
}
