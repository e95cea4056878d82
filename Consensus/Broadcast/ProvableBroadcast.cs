using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// Provable reliable broadcast of one proposer's batch in one epoch (Dumbo-2's PRBC). Bracha's protocol on
/// the batch digest: ECHO on VAL, READY on an echo quorum or f+1 READY, deliver on 2f+1 READY once the
/// batch is at hand. A node that has the READY quorum but never got VAL pulls the batch from nodes that
/// echoed it (an honest node echoes only what it holds), which gives totality without echoing whole
/// batches. After delivery each node signs DONE; f+1 DONE signatures prove an honest node delivered, so
/// by totality every honest node will.
/// </summary>
internal sealed partial class ProvableBroadcast
{
    private readonly ConsensusConfig _config;
    private readonly ulong _epoch;
    private readonly int _proposer;

    private readonly Dictionary<Hash32, Batch> _batches = [];
    private readonly Dictionary<int, Hash32> _echoFrom = [];
    private readonly Dictionary<int, Hash32> _readyFrom = [];
    private readonly Dictionary<Hash32, Dictionary<int, byte[]>> _doneVotes = [];
    private readonly HashSet<int> _doneFrom = [];
    private readonly HashSet<int> _askedForValue = [];
    private readonly HashSet<int> _answeredRequest = [];

    private bool _valueReceived;
    private bool _echoSent;
    private bool _readySent;
    private Hash32? _awaitedDigest;

    public ProvableBroadcast(ConsensusConfig config, ulong epoch, int proposer)
    {
        _config = config;
        _epoch = epoch;
        _proposer = proposer;
    }

    public int Proposer => _proposer;

    /// <summary>The delivered batch (same at every honest node that delivers).</summary>
    public Batch? Delivered { get; private set; }

    /// <summary>The proof that some honest node delivered; may form before this node delivers.</summary>
    public PrbcProof? Proof { get; private set; }

    /// <summary>Our own proposal: VAL to every node.</summary>
    public void Propose(Batch batch, Step step) => step.Broadcast(new PrbcValue(_epoch, _proposer, batch));

    public bool TryGetBatch(Hash32 digest, out Batch batch) => _batches.TryGetValue(digest, out batch!);

    private int Count(Dictionary<int, Hash32> votes, Hash32 digest) => votes.Values.Count(d => d == digest);

    private void TryDeliver(Step step)
    {
        if (Delivered is not null)
        {
            return;
        }
        var ready = _readyFrom.Values.GroupBy(d => d).FirstOrDefault(g => g.Count() >= _config.Quorum.TwoFPlusOne);
        if (ready is null)
        {
            return;
        }
        var digest = ready.Key;
        if (_batches.TryGetValue(digest, out var batch))
        {
            Delivered = batch;
            var signature = _config.Key.Sign(Statements.PrbcDone(_config.Domain, _epoch, _proposer, digest));
            step.Broadcast(new PrbcDone(_epoch, _proposer, digest, signature));
            return;
        }
        _awaitedDigest = digest;
        foreach (var (node, echoed) in _echoFrom)
        {
            AskForValue(node, echoed, step);
        }
    }

    private void AskForValue(int node, Hash32 echoed, Step step)
    {
        if (_awaitedDigest == echoed && node != _config.Self && _askedForValue.Add(node))
        {
            step.Send(node, new PrbcValueRequest(_epoch, _proposer, echoed));
        }
    }

    private void FormProof(Hash32 digest, Dictionary<int, byte[]> votes)
    {
        if (Proof is null && votes.Count >= _config.Quorum.Weak)
        {
            Proof = new PrbcProof(_proposer, digest, QuorumCertificate.FromVotes(votes));
        }
    }
}
