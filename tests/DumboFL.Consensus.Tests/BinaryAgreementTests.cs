using DumboFL.Consensus.Tests.Support;

namespace DumboFL.Consensus.Tests;

public class BinaryAgreementTests
{
    private static void Dispatch(BinaryAgreement aba, int sender, ConsensusMessage message, Step step)
    {
        switch (message)
        {
            case AbaBval m: aba.OnBval(sender, m, step); break;
            case AbaAux m: aba.OnAux(sender, m, step); break;
            case AbaConf m: aba.OnConf(sender, m, step); break;
            case AbaTerm m: aba.OnTerm(sender, m, step); break;
            case CoinShareMessage m: aba.OnCoinShare(sender, m.Slot.Round, m, step); break;
        }
    }

    private static (Harness Harness, BinaryAgreement?[] Nodes) Run(int n, int seed, bool[] inputs, int faulty = 0,
        Func<int, int, ConsensusMessage, ConsensusMessage?>? byzantine = null)
    {
        var fixture = ShardFixture.For(n);
        var harness = new Harness(n, seed);
        var nodes = new BinaryAgreement?[n];
        for (var i = 0; i < n; i++)
        {
            var aba = nodes[i] = new BinaryAgreement(fixture.Config(i), 0, 0);
            harness.Node(i, (_, from, m, step) => Dispatch(aba, from, m, step));
        }
        harness.Filter = byzantine;
        for (var i = 0; i < n; i++)
        {
            var step = new Step();
            nodes[i]!.Input(inputs[i], step);
            harness.Apply(i, step);
        }
        harness.Run();
        return (harness, nodes);
    }

    [Test]
    public void Unanimous_input_is_decided([Values(false, true)] bool value, [Range(1, 8)] int seed)
    {
        var (_, nodes) = Run(4, seed, [value, value, value, value]);
        Assert.That(nodes.Select(n => n!.Decision), Is.All.EqualTo(value), $"seed {seed}");
    }

    [Test]
    public void Mixed_inputs_reach_one_decision([Range(1, 25)] int seed)
    {
        var random = new Random(seed);
        var inputs = Enumerable.Range(0, 7).Select(_ => random.Next(2) == 1).ToArray();
        var (_, nodes) = Run(7, seed, inputs);
        Assert.Multiple(() =>
        {
            Assert.That(nodes.Select(n => n!.Decision), Is.All.Not.Null, $"seed {seed}: termination");
            Assert.That(nodes.Select(n => n!.Decision).Distinct().Count(), Is.EqualTo(1), $"seed {seed}: agreement");
            Assert.That(inputs, Does.Contain(nodes[0]!.Decision!.Value), $"seed {seed}: validity");
        });
    }

    [Test]
    public void Honest_nodes_agree_when_f_nodes_send_random_votes([Range(1, 25)] int seed)
    {
        var random = new Random(seed * 7919);
        // Nodes 0 and 1 (f = 2 of 7) rewrite every vote to random values per recipient.
        ConsensusMessage? Byzantine(int from, int to, ConsensusMessage m) => from >= 2 ? m : m switch
        {
            AbaBval b => b with { Value = random.Next(2) == 1 },
            AbaAux a => a with { Value = random.Next(2) == 1 },
            AbaConf c => c with { Values = new BinSet((byte)random.Next(1, 4)) },
            AbaTerm t => t with { Value = random.Next(2) == 1 },
            _ => m,
        };
        var inputs = Enumerable.Range(0, 7).Select(i => (i + seed) % 3 == 0).ToArray();
        var (_, nodes) = Run(7, seed, inputs, byzantine: Byzantine);
        var honest = nodes.Skip(2).Select(n => n!.Decision).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(honest, Is.All.Not.Null, $"seed {seed}: termination");
            Assert.That(honest.Distinct().Count(), Is.EqualTo(1), $"seed {seed}: agreement");
        });
    }

    [Test]
    public void Validity_holds_against_faulty_votes_when_honest_nodes_are_unanimous([Range(1, 10)] int seed)
    {
        // f = 1 faulty node always votes 0; the three honest nodes input 1 and must decide 1.
        ConsensusMessage? Byzantine(int from, int to, ConsensusMessage m) => from != 0 ? m : m switch
        {
            AbaBval b => b with { Value = false },
            AbaAux a => a with { Value = false },
            AbaConf c => c with { Values = BinSet.Of(false) },
            AbaTerm t => t with { Value = false },
            _ => m,
        };
        var (_, nodes) = Run(4, seed, [false, true, true, true], byzantine: Byzantine);
        Assert.That(nodes.Skip(1).Select(n => n!.Decision), Is.All.EqualTo(true), $"seed {seed}");
    }

    [Test]
    public void Coin_shares_are_released_only_after_the_CONF_quorum([Range(1, 5)] int seed)
    {
        var (harness, _) = Run(4, seed, [true, false, true, false]);
        foreach (var node in Enumerable.Range(0, 4))
        {
            foreach (var round in harness.Sent.Where(s => s.From == node && s.Message is CoinShareMessage).Select(s => ((CoinShareMessage)s.Message).Slot.Round).Distinct())
            {
                var firstShare = harness.Sent.FindIndex(s => s.From == node && s.Message is CoinShareMessage c && c.Slot.Round == round);
                var confsBefore = harness.Sent.Take(firstShare)
                    .Where(s => s.To == node && s.Message is AbaConf c && c.Round == round)
                    .Select(s => s.From).Distinct().Count();
                Assert.That(confsBefore, Is.GreaterThanOrEqualTo(3), $"node {node} round {round}: share before n−f CONF were sent to it");
            }
        }
    }

    [Test]
    public void Two_different_AUX_from_one_node_are_flagged_as_equivocation()
    {
        var aba = new BinaryAgreement(ShardFixture.For(4).Config(0), 0, 0);
        var step = new Step();
        aba.OnAux(2, new AbaAux(0, 0, 0, true), step);
        aba.OnAux(2, new AbaAux(0, 0, 0, false), step);
        Assert.That(step.Faults.Select(f => (f.Node, f.Kind)), Is.EqualTo(new[] { (2, FaultKind.Equivocation) }));
    }

    [Test]
    public void A_round_far_ahead_is_refused()
    {
        var aba = new BinaryAgreement(ShardFixture.For(4).Config(0), 0, 0);
        var step = new Step();
        aba.OnBval(1, new AbaBval(0, 0, BinaryAgreement.RoundWindow + 1, true), step);
        Assert.That(step.Faults.Single().Kind, Is.EqualTo(FaultKind.TooFarAhead));
    }

    [Test]
    public void f_plus_1_TERM_decide_without_running_rounds()
    {
        var aba = new BinaryAgreement(ShardFixture.For(4).Config(0), 0, 0);
        var step = new Step();
        aba.OnTerm(1, new AbaTerm(0, 0, true), step);
        Assert.That(aba.Decision, Is.Null, "one TERM may come from the faulty node");
        aba.OnTerm(2, new AbaTerm(0, 0, true), step);
        Assert.That(aba.Decision, Is.True);
    }

    [Test]
    public void Unanimous_input_1_decides_in_round_0_without_any_coin_share([Range(1, 8)] int seed)
    {
        var (harness, nodes) = Run(4, seed, [true, true, true, true]);

        Assert.Multiple(() =>
        {
            Assert.That(nodes.Select(n => n!.Decision), Is.All.True, $"seed {seed}");
            Assert.That(nodes.Select(n => n!.Round), Is.All.EqualTo(0), $"seed {seed}: round 0's fixed coin is 1");
            Assert.That(harness.Sent.Count(s => s.Message is CoinShareMessage), Is.Zero, $"seed {seed}");
        });
    }

    [Test]
    public void Unanimous_input_0_goes_past_the_fixed_coin_and_uses_the_threshold_coin([Range(1, 8)] int seed)
    {
        var (harness, nodes) = Run(4, seed, [false, false, false, false]);

        Assert.Multiple(() =>
        {
            Assert.That(nodes.Select(n => n!.Decision), Is.All.False, $"seed {seed}");
            Assert.That(harness.Sent.Where(s => s.Message is CoinShareMessage).Select(s => ((CoinShareMessage)s.Message).Slot.Round),
                Is.Not.Empty.And.All.GreaterThan(0), $"seed {seed}: no share for round 0, shares from round 1 on");
        });
    }

    [Test]
    public void A_coin_share_for_the_fixed_round_is_flagged_and_ignored()
    {
        var fixture = ShardFixture.For(4);
        var aba = new BinaryAgreement(fixture.Config(0), 0, 0);
        var coinId = Statements.CoinId(fixture.Domain, 0, new CoinSlot(CoinPurpose.Agreement, 0, 0));
        var share = fixture.Coin.CreateShare(fixture.CoinSecrets[1], coinId);
        var step = new Step();

        aba.OnCoinShare(1, 0, new CoinShareMessage(0, new CoinSlot(CoinPurpose.Agreement, 0, 0), share), step);

        Assert.That(step.Faults.Select(f => (f.Node, f.Kind)), Is.EqualTo(new[] { (1, FaultKind.BadCoinShare) }));
    }
}
