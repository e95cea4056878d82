using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// Multi-valued validated Byzantine agreement on proof vectors, in the style of Cachin, Kursawe, Petzold and
/// Shoup (CRYPTO 2001) as Dumbo-2 uses it:
/// <list type="number">
/// <item>every node consistently broadcasts (CBC) its value; receivers echo a signature only for an externally
/// valid value, and an echo quorum certifies it;</item>
/// <item>a gather exchange (rounds 2 and 3: forward the certificates held, wait for n−f) leaves a core of at
/// least n−f certified candidates that every honest node holds (Abraham, Ben-David, Yandamuri);</item>
/// <item>only then the permutation coin is revealed; candidates are tried in that order, each with a binary
/// agreement whose input is "I hold its certificate". A core candidate gets input 1 from every honest node and
/// is decided 1, so at most f+1 iterations run; any candidate decided 1 is certified, and its value is held
/// by the honest nodes that echoed it, from whom anyone missing it fetches it.</item>
/// </list>
/// </summary>
internal sealed partial class ValidatedAgreement
{
    private readonly ConsensusConfig _config;
    private readonly ulong _epoch;
    private readonly Func<ProofVector, bool> _isValid;

    private readonly Dictionary<int, ProofVector> _received = [];
    private readonly Dictionary<int, byte[]> _echoesForMine = [];
    private readonly CbcCertificate?[] _certificates;
    private readonly HashSet<int> _gatherFrom2 = [];
    private readonly HashSet<int> _gatherFrom3 = [];
    private readonly Dictionary<int, BinaryAgreement> _agreements = [];
    private readonly HashSet<(int Requester, int Candidate)> _fetchAnswered = [];
    private readonly Dictionary<Hash32, ProofVector> _fetched = [];
    private readonly HashSet<int> _fetchRepliesFrom = [];
    private readonly CoinCollector _permutationCoin;

    private ProofVector? _mine;
    private bool _finalSent;
    private bool _gather2Sent;
    private bool _gather3Sent;
    private int[]? _permutation;
    private int _iteration;
    private bool _fetchSent;

    public ValidatedAgreement(ConsensusConfig config, ulong epoch, Func<ProofVector, bool> isValid)
    {
        _config = config;
        _epoch = epoch;
        _isValid = isValid;
        _certificates = new CbcCertificate?[config.N];
        _permutationCoin = new CoinCollector(config,
            Statements.CoinId(config.Domain, epoch, new CoinSlot(CoinPurpose.Permutation, 0, 0)));
    }

    public ProofVector? Output { get; private set; }

    /// <summary>The candidate decided 1, once known.</summary>
    public int? DecidedCandidate { get; private set; }

    /// <summary>Iterations (binary agreements) started so far; for metrics and tests.</summary>
    public int Iterations => _permutation is null ? 0 : _iteration + 1;

    public void Input(ProofVector value, Step step)
    {
        if (_mine is not null)
        {
            return;
        }
        _mine = value;
        step.Broadcast(new CbcSend(_epoch, value));
    }

    private int CertificateCount => _certificates.Count(c => c is not null);

    private void Progress(Step step)
    {
        if (!_gather2Sent && CertificateCount >= _config.Quorum.Strong)
        {
            _gather2Sent = true;
            step.Broadcast(new GatherSet(_epoch, 2, HeldCertificates()));
        }
        if (_gather2Sent && !_gather3Sent && _gatherFrom2.Count >= _config.Quorum.Strong)
        {
            _gather3Sent = true;
            step.Broadcast(new GatherSet(_epoch, 3, HeldCertificates()));
        }
        if (_gather3Sent && !_permutationCoin.ShareReleased && _gatherFrom3.Count >= _config.Quorum.Strong)
        {
            step.Broadcast(new CoinShareMessage(_epoch, new CoinSlot(CoinPurpose.Permutation, 0, 0), _permutationCoin.Release()));
        }
        if (_permutation is null && _permutationCoin.ShareReleased && _permutationCoin.Value is { } coin)
        {
            _permutation = CandidatePermutation.From(coin, _config.N);
            StartIteration(step);
        }
        AdvanceIterations(step);
        TryOutput();
    }

    private IReadOnlyList<CbcCertificate> HeldCertificates() => _certificates.OfType<CbcCertificate>().ToArray();

    private BinaryAgreement Agreement(int iteration)
    {
        if (!_agreements.TryGetValue(iteration, out var aba))
        {
            _agreements[iteration] = aba = new BinaryAgreement(_config, _epoch, iteration);
        }
        return aba;
    }

    private void StartIteration(Step step)
    {
        var candidate = _permutation![_iteration];
        Agreement(_iteration).Input(_certificates[candidate] is not null, step);
    }

    private void AdvanceIterations(Step step)
    {
        while (_permutation is not null && DecidedCandidate is null && Agreement(_iteration).Decision is { } decision)
        {
            if (decision)
            {
                DecidedCandidate = _permutation[_iteration];
                RequestMissing(step);
                return;
            }
            if (_iteration + 1 >= _config.N)
            {
                // Unreachable with at most f faulty nodes: the gather core guarantees a candidate decided 1.
                return;
            }
            _iteration++;
            StartIteration(step);
        }
    }

    private void RequestMissing(Step step)
    {
        if (DecidedValue() is null && !_fetchSent)
        {
            _fetchSent = true;
            step.Broadcast(new MvbaFetch(_epoch, DecidedCandidate!.Value));
        }
    }

    private ProofVector? DecidedValue()
    {
        if (DecidedCandidate is not { } candidate || _certificates[candidate] is not { } certificate)
        {
            return null;
        }
        if (_received.TryGetValue(candidate, out var value) && value.Digest == certificate.Digest)
        {
            return value;
        }
        return _fetched.GetValueOrDefault(certificate.Digest);
    }

    private void TryOutput()
    {
        if (Output is null && DecidedValue() is { } value)
        {
            Output = value;
        }
    }

    /// <summary>Verifies a CBC certificate once; a valid one is kept (the first per origin).</summary>
    private bool AcceptCertificate(int sender, CbcCertificate? certificate, Step step)
    {
        if (certificate?.Certificate is null || !_config.Committee.Contains(certificate.Origin))
        {
            step.Fault(sender, FaultKind.Malformed, $"epoch {_epoch}: CBC certificate without origin or signatures");
            return false;
        }
        if (_certificates[certificate.Origin] is { } held && held.Digest == certificate.Digest)
        {
            return true;
        }
        var statement = Statements.CbcEcho(_config.Domain, _epoch, certificate.Origin, certificate.Digest);
        var error = certificate.Certificate.Verify(_config.Committee, statement, _config.Quorum.Echo);
        if (error != CertificateError.None)
        {
            step.Fault(sender, FaultKind.InvalidCertificate, $"epoch {_epoch}: CBC certificate for {certificate.Origin}: {error}");
            return false;
        }
        // Two certified digests for one origin would need more than f faulty nodes; keep the first.
        _certificates[certificate.Origin] ??= certificate;
        return true;
    }
}
