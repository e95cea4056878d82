using DumboFL.Consensus;

namespace DumboFL.Simulator;

public sealed partial class ShardSimulation
{
    private readonly Dictionary<int, AdversaryKind> _faulty = [];
    private CoinAttackScheduler? _coinAttack;
    private int _epochWindow;

    /// <summary>Which ids are faulty is the seed's choice; kinds are handed out in canonical order over the shuffled ids.</summary>
    private SimulatedActor[] CreateActors()
    {
        var n = _options.Nodes;
        var ids = DeterministicRandom.For(_seed, "faulty").Shuffle(Enumerable.Range(0, n));
        var kinds = _options.Faults.ExpandedKinds().ToArray();
        for (var i = 0; i < kinds.Length; i++)
        {
            _faulty[ids[i]] = kinds[i];
        }
        if (_faulty.ContainsValue(AdversaryKind.CoinAttack))
        {
            var byzantine = _faulty.Keys.Order().ToArray();
            var oracle = new CoinOracle(_domain, _keys.Coin, byzantine.Select(i => _keys.CoinSecrets[i]).ToArray());
            _coinAttack = new CoinAttackScheduler(oracle, HonestIds(), byzantine, _seed);
            _stats.Add(new("coins_learned_early", () => _coinAttack.CoinsLearned));
            _stats.Add(new("messages_steered", () => _coinAttack.MessagesSteered));
            _stats.Add(new("coin_oracle_mismatches", () => _coinAttack.OracleMismatches));
        }
        var actors = new SimulatedActor[n];
        for (var node = 0; node < n; node++)
        {
            actors[node] = CreateActor(node);
        }
        return actors;
    }

    private IEnumerable<int> HonestIds() => Enumerable.Range(0, _options.Nodes).Where(i => !_faulty.ContainsKey(i));

    private SimulatedActor CreateActor(int node)
    {
        var config = Config(node, "proposal");
        if (!_faulty.TryGetValue(node, out var kind))
        {
            var honest = new HonestActor(node, config, NewLedger(validatingBook: true), CoordinatorFor(node, config));
            _honest.Add(honest);
            return honest;
        }
        switch (kind)
        {
            case AdversaryKind.Crash:
                // Half the crashed nodes never speak; the others crash somewhere within the run's first epochs.
                var random = DeterministicRandom.For(_seed, "crash", node);
                var crashAfter = random.NextBool() ? 0 : random.Next(1, 1 + (20 * _options.Nodes * _options.Nodes * _options.Epochs));
                var crash = new CrashActor(node, config, () => NewLedger(validatingBook: false), crashAfter);
                _stats.Add(new($"crash_after_node_{node}", () => crash.CrashAfter));
                return crash;
            case AdversaryKind.Equivocate:
                return new EquivocatingActor(node, config, NewLedger(validatingBook: false), _seed);
            case AdversaryKind.Garbage:
                var garbage = new GarbageActor(node, config, NewLedger(validatingBook: false), _seed, budget: 200 + (40L * _options.Nodes * _options.Epochs));
                _stats.Add(new($"garbage_sent_node_{node}", () => garbage.GarbageSent));
                _stats.Add(new($"replays_sent_node_{node}", () => garbage.ReplaysSent));
                return garbage;
            case AdversaryKind.Twins:
                return new TwinsActor(node, config, NewLedger(validatingBook: false), Config(node, "proposal-twin"), NewLedger(validatingBook: false));
            case AdversaryKind.CoinAttack:
                return new CoinAttackActor(node, config, NewLedger(validatingBook: false), _coinAttack!);
            default:
                throw new ArgumentOutOfRangeException(nameof(node), kind, "unknown adversary kind");
        }
    }

    /// <summary>
    /// Every node that runs a <see cref="DumboNode"/> gets its own in-memory ledger. Honest nodes cut proposals from a
    /// validating book; Byzantine ones keep an opaque queue, so what they were given (invalid entries included)
    /// reaches consensus unfiltered and must be purged when honest nodes apply the batch.
    /// </summary>
    private NodeLedger NewLedger(bool validatingBook) => new((uint)_shard, (uint)_options.Shards, validatingBook, _link?.Keys);

    private ConsensusConfig Config(int node, string proposalPurpose)
    {
        var config = new ConsensusConfig(_domain, _keys.Committee, node, _keys.NodeKeys[node], _keys.Coin, _keys.CoinSecrets[node])
        {
            BatchSize = _options.Batch,
            EagerEpochs = (ulong)_options.Epochs,
            ProposalSeed = unchecked((int)SeedDerivation.Derive(_seed, proposalPurpose, node)),
        };
        _epochWindow = config.EpochWindow;
        return config;
    }

    private ISchedulingAdversary? CreateScheduler()
    {
        var schedulers = new List<ISchedulingAdversary>();
        var twins = _faulty.Where(f => f.Value == AdversaryKind.Twins).Select(f => f.Key).Order().ToArray();
        if (twins.Length > 0)
        {
            schedulers.Add(new TwinsPartition(HonestIds(), twins, beyondTolerance: _faulty.Count > _options.F,
                DeterministicRandom.For(_seed, "twins-partition")));
        }
        if (_coinAttack is not null)
        {
            schedulers.Add(_coinAttack);
        }
        return schedulers.Count switch
        {
            0 => null,
            1 => schedulers[0],
            _ => new CombinedSchedule(schedulers),
        };
    }
}
