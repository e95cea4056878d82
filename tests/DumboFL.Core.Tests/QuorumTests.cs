namespace DumboFL.Core.Tests;

public class QuorumTests
{
    [TestCase(1, 0, 1, 1)]
    [TestCase(3, 0, 3, 1)]
    [TestCase(6, 1, 5, 2)]
    [TestCase(4, 1, 3, 2)]
    [TestCase(7, 2, 5, 3)]
    [TestCase(10, 3, 7, 4)]
    [TestCase(16, 5, 11, 6)]
    public void Thresholds_follow_n_equals_3f_plus_1(int n, int f, int strong, int weak)
    {
        var quorum = new Quorum(n);

        Assert.Multiple(() =>
        {
            Assert.That(quorum.N, Is.EqualTo(n));
            Assert.That(quorum.F, Is.EqualTo(f));
            Assert.That(quorum.Strong, Is.EqualTo(strong));
            Assert.That(quorum.Weak, Is.EqualTo(weak));
            Assert.That(quorum.TwoFPlusOne, Is.EqualTo((2 * f) + 1));
        });
    }

    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(16)]
    [TestCase(17)]
    public void Any_two_strong_quorums_share_an_honest_node(int n)
    {
        var quorum = new Quorum(n);

        Assert.That((2 * quorum.Strong) - n, Is.GreaterThanOrEqualTo(quorum.F + 1));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void A_committee_has_at_least_one_node(int n)
    {
        Assert.That(() => new Quorum(n), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
