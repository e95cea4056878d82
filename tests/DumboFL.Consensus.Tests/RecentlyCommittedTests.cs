using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests;

public class RecentlyCommittedTests
{
    private static Hash32 Id(int i) => Hash32.Of(BitConverter.GetBytes(i));

    [Test]
    public void An_id_is_remembered_for_the_capacity_in_epochs_then_forgotten()
    {
        var recent = new RecentlyCommitted(2);
        recent.Add(0, [Id(1)]);
        recent.Add(1, [Id(2)]);
        Assert.That(recent.Contains(Id(1)) && recent.Contains(Id(2)), Is.True);

        recent.Add(2, [Id(3)]);

        Assert.Multiple(() =>
        {
            Assert.That(recent.Contains(Id(1)), Is.False, "epoch 0 expired");
            Assert.That(recent.Contains(Id(2)), Is.True);
            Assert.That(recent.Contains(Id(3)), Is.True);
        });
    }

    [Test]
    public void An_id_committed_again_later_stays_until_its_last_epoch_expires()
    {
        var recent = new RecentlyCommitted(2);
        recent.Add(0, [Id(1)]);
        recent.Add(1, [Id(1), Id(2)]);

        recent.Add(2, [Id(3)]);
        Assert.That(recent.Contains(Id(1)), Is.True, "still in epoch 1");

        recent.Add(3, [Id(4)]);
        Assert.That(recent.Contains(Id(1)), Is.False, "epoch 1 expired too");
    }
}
