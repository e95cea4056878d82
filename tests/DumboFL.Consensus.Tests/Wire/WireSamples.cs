using DumboFL.Consensus.Tests.Support;
using DumboFL.Consensus.Wire;
using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus.Tests.Wire;

/// <summary>
/// One message of every kind, built as an honest node would build it (real signatures, a real coin share),
/// with certificates whose signers reach the committee's last index so the bitmap spans every byte.
/// </summary>
internal static class WireSamples
{
    public const ulong Epoch = 0x0102_0304_0506_0708;

    public static WireLimits Limits(int n) => WireLimits.For(ShardFixture.For(n).Config(0, batchSize: 64 * n));

    public static IReadOnlyList<ConsensusMessage> All(int n)
    {
        var fixture = ShardFixture.For(n);
        var batch = new Batch([[1, 2, 3], [], Enumerable.Range(0, 250).Select(i => (byte)i).ToArray()]);
        var last = n - 1;
        var done = Certificate(fixture, n, Statements.PrbcDone(fixture.Domain, Epoch, 1, batch.Digest), [0, 2, last]);
        var vector = new ProofVector(Enumerable.Range(0, n - fixture.Committee.Quorum.F)
            .Select(p => new PrbcProof(p, Hash(p), done)).ToArray());
        var cbc = new CbcCertificate(last, vector.Digest,
            Certificate(fixture, n, Statements.CbcEcho(fixture.Domain, Epoch, last, vector.Digest), Enumerable.Range(0, n).ToArray()));
        var slot = new CoinSlot(CoinPurpose.Agreement, last, 5);
        var share = fixture.Coin.CreateShare(fixture.CoinSecrets[last], Statements.CoinId(fixture.Domain, Epoch, slot));
        var permutation = new CoinSlot(CoinPurpose.Permutation, 0, 0);
        var permutationShare = fixture.Coin.CreateShare(fixture.CoinSecrets[0], Statements.CoinId(fixture.Domain, Epoch, permutation));
        return
        [
            new PrbcValue(Epoch, 1, batch),
            new PrbcValue(0, 0, Batch.Empty),
            new PrbcEcho(Epoch, last, batch.Digest),
            new PrbcReady(Epoch, 0, batch.Digest),
            new PrbcValueRequest(Epoch, 2, batch.Digest),
            new PrbcValueReply(Epoch, 1, batch),
            new PrbcDone(Epoch, 1, batch.Digest, fixture.Keys[0].Sign(Statements.PrbcDone(fixture.Domain, Epoch, 1, batch.Digest))),
            new CbcSend(Epoch, vector),
            new CbcSend(Epoch, new ProofVector([])),
            new CbcEcho(Epoch, last, vector.Digest, fixture.Keys[1].Sign(Statements.CbcEcho(fixture.Domain, Epoch, last, vector.Digest))),
            new CbcFinal(Epoch, cbc),
            new CbcFinal(Epoch, new CbcCertificate(0, Hash(7), new QuorumCertificate([], []))),
            new GatherSet(Epoch, 2, [cbc, cbc with { Origin = 0 }]),
            new GatherSet(Epoch, 3, []),
            new MvbaFetch(Epoch, last),
            new MvbaFetchReply(Epoch, last, cbc, vector),
            new MvbaFetchReply(Epoch, last, null, vector),
            new MvbaFetchReply(Epoch, last, cbc, null),
            new MvbaFetchReply(Epoch, 0, null, null),
            new CoinShareMessage(Epoch, slot, share),
            new CoinShareMessage(Epoch, permutation, permutationShare),
            new AbaBval(Epoch, last, 0, true),
            new AbaAux(Epoch, 0, int.MaxValue, false),
            new AbaConf(Epoch, 1, 2, BinSet.Both),
            new AbaConf(Epoch, 1, 2, BinSet.None),
            new AbaTerm(ulong.MaxValue, last, true),
            new BlockSignature(Epoch, 42, Hash(42), fixture.Keys[last].Sign(Hash(42).ToArray())),
        ];
    }

    public static Hash32 Hash(int seed) => Hash32.Of(BitConverter.GetBytes(seed));

    public static QuorumCertificate Certificate(ShardFixture fixture, int n, byte[] statement, IEnumerable<int> signers) =>
        QuorumCertificate.FromVotes(signers.Distinct().Where(s => s < n)
            .Select(s => KeyValuePair.Create(s, fixture.Keys[s].Sign(statement))));
}
