using DumboFL.Core.Hashing;
using DumboFL.Ledger.Merkle;

namespace DumboFL.Ledger.Tests.Merkle;

public class MerkleRootTests
{
    [Test]
    public void Empty_tree_hash_is_SHA256_of_the_empty_string()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MerkleHash.Empty.ToHex(), Is.EqualTo(Rfc6962Vectors.RootHex[0]));
            Assert.That(MerkleRoot.Compute([]), Is.EqualTo(MerkleHash.Empty));
            Assert.That(MerkleTree.FromLeafHashes([]).Root, Is.EqualTo(MerkleHash.Empty));
            Assert.That(MerkleTree.FromLeafHashes([]).Size, Is.Zero);
        });
    }

    [Test]
    public void Leaf_and_node_hashes_are_domain_separated()
    {
        var a = MerkleHash.Leaf("a"u8);
        var b = MerkleHash.Leaf("b"u8);

        Assert.Multiple(() =>
        {
            Assert.That(MerkleHash.Leaf([]).ToHex(), Is.EqualTo(Rfc6962Vectors.RootHex[1]));
            Assert.That(a, Is.EqualTo(Hash32.Of([0x00, .. "a"u8])));
            Assert.That(MerkleHash.Node(a, b), Is.EqualTo(Hash32.Of([0x01, .. a.ToArray(), .. b.ToArray()])));
            Assert.That(MerkleHash.Node(a, b), Is.Not.EqualTo(MerkleHash.Node(b, a)));
        });
    }

    [Test]
    public void Leaf_hash_of_large_data_matches_the_definition([Values(1023, 1024, 1025, 100_000)] int length)
    {
        var data = Enumerable.Range(0, length).Select(i => unchecked((byte)(i * 31))).ToArray();

        Assert.That(MerkleHash.Leaf(data), Is.EqualTo(NaiveMerkle.Leaf(data)));
    }

    [Test]
    public void Roots_of_the_RFC_6962_leaves_match_the_published_vectors()
    {
        var leaves = Rfc6962Vectors.Leaves;
        var fullTree = MerkleTree.FromLeafData(leaves);

        Assert.Multiple(() =>
        {
            for (var size = 0; size <= leaves.Length; size++)
            {
                var expected = Rfc6962Vectors.RootHex[size];
                var leafHashes = leaves.Take(size).Select(l => MerkleHash.Leaf(l)).ToArray();
                Assert.That(MerkleRoot.Compute(leafHashes).ToHex(), Is.EqualTo(expected), $"MerkleRoot, size {size}");
                Assert.That(MerkleTree.FromLeafData(leaves.Take(size)).Root.ToHex(), Is.EqualTo(expected), $"MerkleTree, size {size}");
                Assert.That(fullTree.RootAt(size).ToHex(), Is.EqualTo(expected), $"RootAt({size})");
            }
        });
    }

    [Test]
    public void Streaming_root_tree_root_and_naive_reference_agree_for_sizes_0_to_300()
    {
        var leafHashes = NaiveMerkle.DistinctLeafHashes(300);
        var fullTree = MerkleTree.FromLeafHashes(leafHashes);
        var mismatches = new List<int>();

        for (var size = 0; size <= leafHashes.Length; size++)
        {
            var prefix = leafHashes[..size];
            var naive = NaiveMerkle.Root(prefix);
            if (MerkleRoot.Compute(prefix) != naive
                || MerkleTree.FromLeafHashes(prefix).Root != naive
                || fullTree.RootAt(size) != naive)
            {
                mismatches.Add(size);
            }
        }

        Assert.That(mismatches, Is.Empty, "sizes whose roots disagree");
    }

    [Test]
    public void Tree_exposes_its_leaf_hashes()
    {
        var leafHashes = NaiveMerkle.DistinctLeafHashes(13);
        var tree = MerkleTree.FromLeafHashes(leafHashes);

        Assert.Multiple(() =>
        {
            Assert.That(tree.Size, Is.EqualTo(13));
            Assert.That(Enumerable.Range(0, 13).Select(tree.LeafHash), Is.EqualTo(leafHashes));
        });
    }

    [Test]
    public void Out_of_range_arguments_throw()
    {
        var tree = MerkleTree.FromLeafHashes(NaiveMerkle.DistinctLeafHashes(5));

        Assert.Multiple(() =>
        {
            Assert.That(() => tree.LeafHash(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => tree.LeafHash(5), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => tree.RootAt(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => tree.RootAt(6), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
