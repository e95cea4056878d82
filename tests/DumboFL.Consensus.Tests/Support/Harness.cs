using DumboFL.Consensus;

namespace DumboFL.Consensus.Tests.Support;

/// <summary>
/// Drives n instances of one sub-protocol state machine (PRBC, ABA, MVBA) directly: messages are queued
/// and delivered in seeded random order to every instance, and a filter can drop or rewrite them.
/// </summary>
internal sealed class Harness
{
    private readonly Action<int, int, ConsensusMessage, Step>? [] _handlers;
    private readonly List<(int From, int To, ConsensusMessage Message)> _pending = [];
    private readonly Random _random;

    public Harness(int n, int seed)
    {
        _handlers = new Action<int, int, ConsensusMessage, Step>?[n];
        _random = new Random(seed);
        Faults = Enumerable.Range(0, n).Select(_ => new List<Fault>()).ToArray();
    }

    public List<Fault>[] Faults { get; }

    public List<(int From, int To, ConsensusMessage Message)> Sent { get; } = [];

    /// <summary>Return null to drop a message.</summary>
    public Func<int, int, ConsensusMessage, ConsensusMessage?>? Filter { get; set; }

    /// <summary>Installs node <paramref name="node"/>'s handler: (self, sender, message, step).</summary>
    public void Node(int node, Action<int, int, ConsensusMessage, Step> handler) => _handlers[node] = handler;

    public void Apply(int from, Step step)
    {
        foreach (var outgoing in step.Messages)
        {
            var targets = outgoing.To.IsAll ? Enumerable.Range(0, _handlers.Length) : [outgoing.To.Node];
            foreach (var to in targets)
            {
                Sent.Add((from, to, outgoing.Message));
                if (Filter?.Invoke(from, to, outgoing.Message) is { } message)
                {
                    _pending.Add((from, to, message));
                }
                else if (Filter is null)
                {
                    _pending.Add((from, to, outgoing.Message));
                }
            }
        }
        Faults[from].AddRange(step.Faults);
    }

    public void Run(int maxDeliveries = 1_000_000)
    {
        for (var delivered = 0; _pending.Count > 0 && delivered < maxDeliveries; delivered++)
        {
            var i = _random.Next(_pending.Count);
            var (from, to, message) = _pending[i];
            _pending[i] = _pending[^1];
            _pending.RemoveAt(_pending.Count - 1);
            if (_handlers[to] is { } handler)
            {
                var step = new Step();
                handler(to, from, message, step);
                Apply(to, step);
            }
        }
    }
}
