using BenchmarkDotNet.Attributes;
using DumboFL.Core;
using DumboFL.Core.Coin;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Benchmarks;

// The per-message costs that bound consensus throughput: a node makes one coin share and verifies up to n
// per ABA round, and checks a quorum certificate per broadcast it accepts.
[MemoryDiagnoser]
[MedianColumn]
public class CryptoBenchmarks
{
    private static readonly byte[] CoinId = "bench epoch 1 / aba 2 / round 3"u8.ToArray();

    private CoinSecretKey _secret = null!;
    private ThresholdCoin _coin4 = null!;
    private ThresholdCoin _coin16 = null!;
    private CoinShare _share = null!;
    private CoinShare[] _shares4 = [];
    private CoinShare[] _shares16 = [];
    private byte[] _keySet16 = [];
    private NodeKey[] _nodeKeys = [];
    private byte[] _statement = [];
    private byte[] _signature = [];
    private Committee _committee4 = null!;
    private Committee _committee16 = null!;
    private QuorumCertificate _certificate4 = null!;
    private QuorumCertificate _certificate16 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (keys4, secrets4) = CoinDealer.Deal(4, new Quorum(4).Weak, "bench n=4"u8);
        var (keys16, secrets16) = CoinDealer.Deal(16, new Quorum(16).Weak, "bench n=16"u8);
        _coin4 = new ThresholdCoin(keys4);
        _coin16 = new ThresholdCoin(keys16);
        _secret = secrets4[1];
        _shares4 = secrets4.Take(keys4.Threshold).Select(s => _coin4.CreateShare(s, CoinId)).ToArray();
        _shares16 = secrets16.Take(keys16.Threshold).Select(s => _coin16.CreateShare(s, CoinId)).ToArray();
        _share = _shares4[1];
        _keySet16 = keys16.Encode();

        _nodeKeys = Enumerable.Range(0, 16).Select(_ => NodeKey.Generate()).ToArray();
        _statement = new SigningDomain(Hash32.Of("bench cluster"u8), 0).Statement("vote", 1, 2).ToArray();
        _signature = _nodeKeys[0].Sign(_statement);
        _committee4 = new Committee(_nodeKeys.Take(4).Select(k => k.PublicKey));
        _committee16 = new Committee(_nodeKeys.Select(k => k.PublicKey));
        _certificate4 = Certificate(_committee4.Quorum.Strong);
        _certificate16 = Certificate(_committee16.Quorum.Strong);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var key in _nodeKeys)
        {
            key.Dispose();
        }
    }

    private QuorumCertificate Certificate(int signers) =>
        new(Enumerable.Range(0, signers).ToArray(), _nodeKeys.Take(signers).Select(k => k.Sign(_statement)).ToArray());

    // H(id) is cached after the first share of a coin, as in a node.
    [Benchmark]
    public CoinShare CoinShareCreate() => _coin4.CreateShare(_secret, CoinId);

    [Benchmark]
    public bool CoinShareVerify() => _coin4.VerifyShare(CoinId, _share);

    [Benchmark]
    public CoinValue CoinCombine_n4_t2() => _coin4.Combine(CoinId, _shares4);

    [Benchmark]
    public CoinValue CoinCombine_n16_t6() => _coin16.Combine(CoinId, _shares16);

    // Includes the check that all 17 points lie on one polynomial; paid once, when a node loads its keys.
    [Benchmark]
    public CoinKeySet CoinKeySetDecode_n16() => CoinKeySet.Decode(_keySet16);

    [Benchmark]
    public byte[] EcdsaSign() => _nodeKeys[0].Sign(_statement);

    [Benchmark]
    public bool EcdsaVerify() => _nodeKeys[0].PublicKey.Verify(_statement, _signature);

    [Benchmark]
    public CertificateError QuorumCertificateVerify_n4_3sigs() =>
        _certificate4.Verify(_committee4, _statement, _committee4.Quorum.Strong);

    [Benchmark]
    public CertificateError QuorumCertificateVerify_n16_11sigs() =>
        _certificate16.Verify(_committee16, _statement, _committee16.Quorum.Strong);
}
