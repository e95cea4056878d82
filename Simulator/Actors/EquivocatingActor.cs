using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// Runs an honest <see cref="DumboNode"/> but splits every broadcast into per-recipient copies and shows a
/// conflicting version (see <see cref="Equivocation"/>) to a seeded half of its peers, chosen anew each epoch.
/// </summary>
public sealed class EquivocatingActor : RewritingActor
{
    private readonly int _n;
    private readonly ulong _seed;
    private readonly Equivocation _equivocation;
    private readonly Dictionary<ulong, HashSet<int>> _deceived = [];

    public EquivocatingActor(int index, ConsensusConfig config, NodeLedger ledger, ulong seed) : base(index, config, ledger)
    {
        _n = config.N;
        _seed = seed;
        _equivocation = new Equivocation(index, config.Quorum.Strong, DeterministicRandom.For(seed, "equivocation", index));
    }

    public override AdversaryKind? Adversary => AdversaryKind.Equivocate;

    protected override void Rewrite(IReadOnlyList<OutgoingMessage> messages, Outbox outbox)
    {
        foreach (var (to, message) in messages)
        {
            if (to.IsAll)
            {
                for (var peer = 0; peer < _n; peer++)
                {
                    outbox.Send(Destination.To(peer), ForPeer(peer, message));
                }
            }
            else
            {
                outbox.Send(to, ForPeer(to.Node, message));
            }
        }
    }

    private ConsensusMessage ForPeer(int peer, ConsensusMessage message) =>
        peer != Index && Deceived(message.Epoch).Contains(peer)
            ? _equivocation.Conflicting(message) ?? message
            : message;

    private HashSet<int> Deceived(ulong epoch)
    {
        if (!_deceived.TryGetValue(epoch, out var set))
        {
            var random = DeterministicRandom.For(_seed, $"equivocation-split-{Index}", (long)epoch);
            var peers = random.Shuffle(Enumerable.Range(0, _n).Where(p => p != Index));
            set = [.. peers.Take((peers.Length + 1) / 2)];
            _deceived[epoch] = set;
        }
        return set;
    }
}
