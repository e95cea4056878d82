using DumboFL.Consensus.Tests.Support;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;

namespace DumboFL.Consensus.Tests;

public class BlockCertifierTests
{
    [Test]
    public void Nodes_that_built_the_same_header_certify_it_with_n_minus_f_signatures([Range(1, 5)] int seed)
    {
        var fixture = ShardFixture.For(4);
        var nodes = Enumerable.Range(0, 4).Select(i => new DumboNode(fixture.Config(i))).ToArray();
        var network = new RandomNetwork(nodes, seed);
        var header = Hash32.Of([1, 2, 3]);
        // Node 3 built a different block (as a faulty node might claim): it never gets a certificate.
        for (var i = 0; i < 4; i++)
        {
            network.Apply(i, nodes[i].CertifyBlock(7, 2, i == 3 ? Hash32.Of([9]) : header));
        }
        network.Run();
        Assert.Multiple(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                var certificate = network.Certificates[i].Single();
                Assert.That(certificate.HeaderHash, Is.EqualTo(header));
                Assert.That(certificate.Certificate.Signers, Is.EqualTo(new[] { 0, 1, 2 }));
                Assert.That(certificate.Certificate.Verify(fixture.Committee, BlockStatements.Certify(fixture.Domain, 7, 2, header), 3),
                    Is.EqualTo(CertificateError.None));
            }
            Assert.That(network.Certificates[3], Is.Empty);
        });
    }

    [Test]
    public void A_forged_block_signature_is_flagged()
    {
        var node = new DumboNode(ShardFixture.For(4).Config(0));
        var step = node.Handle(2, new BlockSignature(0, 0, Hash32.Zero, new byte[64]));
        Assert.That(step.Faults.Single(), Has.Property("Kind").EqualTo(FaultKind.BadSignature).And.Property("Node").EqualTo(2));
    }
}
