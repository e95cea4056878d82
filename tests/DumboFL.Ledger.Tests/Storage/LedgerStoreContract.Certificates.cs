using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>The contract for block certificates: stored with the block or later, only ever replaced by a larger one.</summary>
public abstract partial class LedgerStoreContract
{
    [Test]
    public void A_certificate_appended_with_its_block_reads_back_signer_for_signer()
    {
        var certificate = TestChain.Certificate(0, 2, 3, 9);
        Store.Append(new TestChain().Next(TestEntries.Mixed(0, 3), certificate));

        AssertSameCertificate(Store.GetBlock(0)!.Certificate, certificate);
    }

    [Test]
    public void SetCertificate_attaches_one_and_only_a_larger_one_replaces_it()
    {
        var chain = new TestChain();
        Store.Append(chain.Next(TestEntries.Mixed(0, 3)));
        Store.Append(chain.Next(TestEntries.Mixed(1, 3)));

        Store.SetCertificate(0, TestChain.Certificate(1, 2, 3));
        AssertSameCertificate(Store.GetBlock(0)!.Certificate, TestChain.Certificate(1, 2, 3));

        Store.SetCertificate(0, TestChain.Certificate(0, 1, 2, 3));
        AssertSameCertificate(Store.GetBlock(0)!.Certificate, TestChain.Certificate(0, 1, 2, 3));

        Store.SetCertificate(0, TestChain.Certificate(4, 5, 6, 7));
        Store.SetCertificate(0, TestChain.Certificate(4, 5));
        AssertSameCertificate(Store.GetBlock(0)!.Certificate, TestChain.Certificate(0, 1, 2, 3));
        Assert.That(Store.GetBlock(1)!.Certificate, Is.Null);
    }

    [Test]
    public void SetCertificate_for_a_height_not_stored_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Store.SetCertificate(0, TestChain.Certificate(0)));
        Store.Append(new TestChain().Next(TestEntries.Mixed(0, 3)));
        Assert.Throws<InvalidOperationException>(() => Store.SetCertificate(1, TestChain.Certificate(0)));
    }

    [Test]
    public void A_certificate_the_canonical_form_cannot_carry_is_refused()
    {
        var shortSignature = new QuorumCertificate([0, 1], [new byte[NodeKey.SignatureSize], new byte[10]]);
        var descending = new QuorumCertificate([2, 1], [new byte[NodeKey.SignatureSize], new byte[NodeKey.SignatureSize]]);
        var chain = new TestChain();

        Assert.Throws<ArgumentException>(() => Store.Append(chain.Next(TestEntries.Mixed(0, 3), shortSignature)));
        Assert.That(Store.Height, Is.Null);
        Store.Append(TestChain.Build(0, 0, Hash32.Zero, TestEntries.Mixed(0, 3)));
        Assert.Throws<ArgumentException>(() => Store.SetCertificate(0, descending));
        Assert.That(Store.GetBlock(0)!.Certificate, Is.Null);
    }

    protected static void AssertSameCertificate(QuorumCertificate? actual, QuorumCertificate expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(actual!.Signers, Is.EqualTo(expected.Signers));
            Assert.That(actual.Signatures.Select(s => s.ToArray()), Is.EqualTo(expected.Signatures.Select(s => s.ToArray())));
        });
    }
}
