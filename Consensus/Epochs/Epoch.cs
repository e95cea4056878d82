using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// One Dumbo-2 epoch, an asynchronous common subset: every node's proposal goes through PRBC; once n−f PRBC
/// proofs are at hand they are the node's MVBA input; the decided vector names at least n−f proposals, which
/// every honest node delivers (PRBC totality) and outputs in proposer order.
/// </summary>
internal sealed partial class Epoch
{
    private readonly ConsensusConfig _config;
    private readonly ProvableBroadcast[] _broadcasts;
    private readonly ValidatedAgreement _agreement;
    private readonly HashSet<(int Proposer, Hash32 Digest)> _verifiedProofs = [];

    public Epoch(ConsensusConfig config, ulong number)
    {
        _config = config;
        Number = number;
        _broadcasts = Enumerable.Range(0, config.N).Select(p => new ProvableBroadcast(config, number, p)).ToArray();
        _agreement = new ValidatedAgreement(config, number, IsValidVector);
    }

    public ulong Number { get; }

    /// <summary>The decided proposals in proposer order, once all are delivered. Duplicates are removed by the node.</summary>
    public IReadOnlyList<Batch>? Decided { get; private set; }

    public IReadOnlyList<int> DecidedProposers { get; private set; } = [];

    public int AgreementIterations => _agreement.Iterations;

    public void Propose(Batch batch, Step step)
    {
        _broadcasts[_config.Self].Propose(batch, step);
        Progress(step);
    }

    private void Progress(Step step)
    {
        var proofs = _broadcasts.Select(b => b.Proof).OfType<PrbcProof>().ToArray();
        if (proofs.Length >= _config.Quorum.Strong)
        {
            _agreement.Input(new ProofVector(proofs), step);
        }
        if (Decided is null && _agreement.Output is { } vector)
        {
            var batches = new List<Batch>(vector.Proofs.Count);
            foreach (var proof in vector.Proofs)
            {
                // PRBC totality: a proof means an honest node delivered, so this node will deliver too.
                if (!_broadcasts[proof.Proposer].TryGetBatch(proof.Digest, out var batch) || _broadcasts[proof.Proposer].Delivered is null)
                {
                    return;
                }
                batches.Add(batch);
            }
            Decided = batches;
            DecidedProposers = vector.Proofs.Select(p => p.Proposer).ToArray();
        }
    }

    /// <summary>MVBA's external validity: n−f or more distinct proposers in ascending order, each with a valid f+1 DONE certificate.</summary>
    private bool IsValidVector(ProofVector vector)
    {
        if (vector.Proofs is null || vector.Proofs.Count < _config.Quorum.Strong || vector.Proofs.Count > _config.N)
        {
            return false;
        }
        var previous = -1;
        foreach (var proof in vector.Proofs)
        {
            if (proof?.Certificate is null || proof.Proposer <= previous || proof.Proposer >= _config.N)
            {
                return false;
            }
            previous = proof.Proposer;
            if (_verifiedProofs.Contains((proof.Proposer, proof.Digest)))
            {
                continue;
            }
            var statement = Statements.PrbcDone(_config.Domain, Number, proof.Proposer, proof.Digest);
            if (proof.Certificate.Verify(_config.Committee, statement, _config.Quorum.Weak) != Core.Crypto.CertificateError.None)
            {
                return false;
            }
            _verifiedProofs.Add((proof.Proposer, proof.Digest));
        }
        return true;
    }

    /// <summary>Commits to the epoch and its ordered output through the item ids.</summary>
    public static Hash32 OutputDigest(ulong epoch, IReadOnlyList<Hash32> itemIds)
    {
        var writer = new CanonicalWriter("dumbofl/epoch-output/v2", 16 + (Hash32.Size * itemIds.Count));
        writer.WriteU64(epoch).WriteU32((uint)itemIds.Count);
        foreach (var id in itemIds)
        {
            writer.WriteHash(id);
        }
        return writer.Hash();
    }
}
