using DumboFL.Consensus;

namespace DumboFL.Simulator;

/// <summary>
/// The adaptive scheduling attack on the ABA coin (MacBrough, 2018, against Mostéfaoui–Moumen–Raynal
/// without CONF). As soon as one honest share of a round's coin s is on the wire, the scheduler learns s
/// (<see cref="CoinOracle"/>) and then, for that round, delays every BVAL/AUX/CONF carrying s towards a
/// chosen half of the honest nodes (the victims) and hurries everything else, while its Byzantine voters
/// (<see cref="CoinAttackActor"/>) vote ¬s. Without CONF the victims would end the round with {¬s} and the
/// others with {0,1}, splitting forever; with CONF the values are fixed before any honest share leaves, so
/// the protocol must still terminate, and the simulation checks that it does.
/// A round whose coin is fixed and public (round 0, <see cref="CoinSlot.FixedAgreementCoin"/>) is steered
/// from its first message: the scheduler knows that coin without learning it.
/// </summary>
public sealed class CoinAttackScheduler : ISchedulingAdversary
{
    private const double Hold = 40;
    private const double Hurry = 0.01;

    private readonly CoinOracle _oracle;
    private readonly IReadOnlyList<int> _honest;
    private readonly HashSet<int> _byzantine;
    private readonly ulong _seed;
    private readonly Dictionary<RoundKey, bool> _coins = [];
    private readonly Dictionary<RoundKey, List<InFlightMessage>> _inFlight = [];
    private readonly Dictionary<RoundKey, HashSet<int>> _victims = [];

    public CoinAttackScheduler(CoinOracle oracle, IEnumerable<int> honest, IEnumerable<int> byzantine, ulong seed)
    {
        _oracle = oracle;
        _honest = honest.Order().ToArray();
        _byzantine = [.. byzantine];
        _seed = seed;
    }

    /// <summary>Coins learned before any honest node could combine them.</summary>
    public int CoinsLearned { get; private set; }

    /// <summary>Messages delayed or hurried because of a learned coin.</summary>
    public long MessagesSteered { get; private set; }

    public int OracleMismatches => _oracle.Mismatches;

    public bool? KnownCoin(ulong epoch, int iteration, int round) =>
        _coins.TryGetValue(new RoundKey(epoch, iteration, round), out var coin) ? coin : null;

    /// <summary>The honest nodes the attack tries to isolate in one round: a seeded half, different every round.</summary>
    public bool IsVictim(ulong epoch, int iteration, int round, int node) => Victims(new RoundKey(epoch, iteration, round)).Contains(node);

    public void OnSend(InFlightMessage message, SimulatedNetwork network)
    {
        if (message.Message is CoinShareMessage { Slot.Purpose: CoinPurpose.Agreement } share && !_byzantine.Contains(message.From))
        {
            Learn(share, network);
            return;
        }
        if (Key(message.Message) is not { } key)
        {
            return;
        }
        if ((CoinSlot.FixedAgreementCoin(key.Round) ?? KnownCoin(key.Epoch, key.Iteration, key.Round)) is { } coin)
        {
            Steer(message, key, coin, network, queued: false);
        }
        else
        {
            if (!_inFlight.TryGetValue(key, out var list))
            {
                _inFlight[key] = list = [];
            }
            list.Add(message);
        }
    }

    public void OnDeliver(InFlightMessage message)
    {
    }

    private void Learn(CoinShareMessage share, SimulatedNetwork network)
    {
        var key = new RoundKey(share.Epoch, share.Slot.Iteration, share.Slot.Round);
        if (_coins.ContainsKey(key) || _oracle.TryLearn(share.Epoch, share.Slot, share.Share) is not { } coin)
        {
            return;
        }
        _coins[key] = coin;
        CoinsLearned++;
        if (_inFlight.Remove(key, out var pending))
        {
            foreach (var message in pending.Where(m => !m.Delivered))
            {
                Steer(message, key, coin, network, queued: true);
            }
        }
    }

    /// <summary>Towards a victim, whatever carries the coin's value waits and the rest hurries; towards anyone else, everything hurries.</summary>
    private void Steer(InFlightMessage message, RoundKey key, bool coin, SimulatedNetwork network, bool queued)
    {
        var delay = Victims(key).Contains(message.To) && Carries(message.Message, coin) ? Hold : Hurry;
        var at = network.Now + delay;
        MessagesSteered++;
        if (queued)
        {
            network.Reschedule(message, at);
        }
        else
        {
            message.DeliverAt = at;
        }
    }

    private static bool Carries(ConsensusMessage message, bool value) => message switch
    {
        AbaBval b => b.Value == value,
        AbaAux a => a.Value == value,
        AbaConf c => c.Values.Contains(value),
        _ => false,
    };

    private static RoundKey? Key(ConsensusMessage message) => message switch
    {
        AbaBval b => new RoundKey(b.Epoch, b.Iteration, b.Round),
        AbaAux a => new RoundKey(a.Epoch, a.Iteration, a.Round),
        AbaConf c => new RoundKey(c.Epoch, c.Iteration, c.Round),
        _ => null,
    };

    private HashSet<int> Victims(RoundKey key)
    {
        if (!_victims.TryGetValue(key, out var set))
        {
            var random = DeterministicRandom.For(_seed, $"coin-attack-victims-{key.Epoch}-{key.Iteration}", key.Round);
            set = [.. random.Shuffle(_honest).Take(Math.Max(1, _honest.Count / 2))];
            _victims[key] = set;
        }
        return set;
    }

    private readonly record struct RoundKey(ulong Epoch, int Iteration, int Round);
}
