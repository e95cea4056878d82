using DumboFL.Consensus;

namespace DumboFL.Consensus.Tests.Support;

/// <summary>
/// A minimal seeded network for unit tests: delivers pending messages in random order to DumboNodes,
/// with optional interception (drop or rewrite) per message. The full adversarial simulator lives in
/// the Simulator project; this is just enough to exercise one state machine at a time.
/// </summary>
internal sealed class RandomNetwork
{
    private readonly List<(int From, int To, ConsensusMessage Message)> _pending = [];
    private readonly Random _random;

    public RandomNetwork(IReadOnlyList<DumboNode?> nodes, int seed)
    {
        Nodes = nodes;
        _random = new Random(seed);
        Outputs = nodes.Select(_ => new List<CommittedBatch>()).ToArray();
        Faults = nodes.Select(_ => new List<Fault>()).ToArray();
        _certificates = nodes.Select(_ => new List<BlockCertificate>()).ToArray();
    }

    private readonly List<BlockCertificate>[] _certificates;

    public IReadOnlyList<DumboNode?> Nodes { get; }

    public List<CommittedBatch>[] Outputs { get; }

    public List<Fault>[] Faults { get; }

    public List<BlockCertificate>[] Certificates => _certificates;

    /// <summary>Return null to drop, or a (possibly rewritten) message to deliver.</summary>
    public Func<int, int, ConsensusMessage, ConsensusMessage?>? Intercept { get; set; }

    public long Delivered { get; private set; }

    public void Apply(int from, Step step)
    {
        foreach (var outgoing in step.Messages)
        {
            if (outgoing.To.IsAll)
            {
                for (var to = 0; to < Nodes.Count; to++)
                {
                    _pending.Add((from, to, outgoing.Message));
                }
            }
            else
            {
                _pending.Add((from, outgoing.To.Node, outgoing.Message));
            }
        }
        Outputs[from].AddRange(step.Outputs);
        Faults[from].AddRange(step.Faults);
        _certificates[from].AddRange(step.Certificates);
    }

    public void Run(long maxDeliveries = 2_000_000)
    {
        while (_pending.Count > 0 && Delivered < maxDeliveries)
        {
            var i = _random.Next(_pending.Count);
            var (from, to, message) = _pending[i];
            _pending[i] = _pending[^1];
            _pending.RemoveAt(_pending.Count - 1);
            var delivered = Intercept is null ? message : Intercept(from, to, message);
            if (delivered is null || Nodes[to] is not { } node)
            {
                continue;
            }
            Delivered++;
            Apply(to, node.Handle(from, delivered));
        }
    }
}
