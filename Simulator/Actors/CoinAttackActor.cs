using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// A Byzantine voter working with <see cref="CoinAttackScheduler"/>: runs the protocol, but in every ABA
/// round whose coin s the scheduler already knows it votes ¬s (BVAL, AUX, CONF, TERM), and in rounds it
/// does not know yet it tells the round's victims one value and everyone else the other, to keep the
/// honest nodes split.
/// </summary>
public sealed class CoinAttackActor : RewritingActor
{
    private readonly CoinAttackScheduler _scheduler;
    private readonly int _n;

    public CoinAttackActor(int index, ConsensusConfig config, NodeLedger ledger, CoinAttackScheduler scheduler) : base(index, config, ledger)
    {
        _scheduler = scheduler;
        _n = config.N;
    }

    public override AdversaryKind? Adversary => AdversaryKind.CoinAttack;

    protected override void Rewrite(IReadOnlyList<OutgoingMessage> messages, Outbox outbox)
    {
        foreach (var (to, message) in messages)
        {
            if (message is not (AbaBval or AbaAux or AbaConf or AbaTerm))
            {
                outbox.Send(to, message);
                continue;
            }
            var peers = to.IsAll ? Enumerable.Range(0, _n) : [to.Node];
            foreach (var peer in peers)
            {
                outbox.Send(Destination.To(peer), peer == Index ? message : Vote(message, peer));
            }
        }
    }

    private ConsensusMessage Vote(ConsensusMessage message, int peer)
    {
        var (epoch, iteration, round) = message switch
        {
            AbaBval b => (b.Epoch, b.Iteration, b.Round),
            AbaAux a => (a.Epoch, a.Iteration, a.Round),
            AbaConf c => (c.Epoch, c.Iteration, c.Round),
            AbaTerm t => (t.Epoch, t.Iteration, 0),
            _ => throw new InvalidOperationException("not an ABA message"),
        };
        var value = _scheduler.KnownCoin(epoch, iteration, round) is { } coin
            ? !coin
            : _scheduler.IsVictim(epoch, iteration, round, peer);
        return message switch
        {
            AbaBval b => b with { Value = value },
            AbaAux a => a with { Value = value },
            AbaConf c => c with { Values = BinSet.Of(value) },
            AbaTerm t => t with { Value = value },
            _ => message,
        };
    }
}
