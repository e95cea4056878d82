using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Merkle;
using DumboFL.Ledger.Validation;

namespace DumboFL.Shards;

public sealed partial class CrossShardCoordinator
{
    /// <summary>
    /// LD from an input shard: never trusted unverified. The certificate must verify against the input shard's
    /// committee, the header's top root over its group roots, the legs' Merkle root against the group root, and every
    /// leg must be an input form naming this shard as output and the sender's shard as an input.
    /// </summary>
    private string? OnLegProof(uint fromShard, LegProof proof, CrossShardStep step)
    {
        var header = proof.Header;
        if (proof.OutputShard != Shard || header.Shard != fromShard || header.Shard == Shard)
        {
            return "leg-proof-misrouted";
        }
        var key = (header.Shard, header.Height);
        if (_verified.ContainsKey(key) || _view.IsAccepted(header.Shard, header.Height))
        {
            return null; // another relay's copy: f+1 nodes send each LD
        }
        if (_keys.Committee(header.Shard) is not { } committee)
        {
            return "leg-proof-unknown-shard";
        }
        var statement = BlockStatements.Certify(_keys.Domain(header.Shard), header.Epoch, header.Height, header.Hash);
        if (proof.Certificate.Verify(committee, statement, committee.Quorum.Strong) != CertificateError.None)
        {
            return "leg-proof-bad-certificate";
        }
        if (BlockBuilder.TopRoot(header.GroupRoots) != header.TopRoot)
        {
            return "leg-proof-bad-top-root";
        }
        var group = new EntryGroup(EntryKind.CrossShardTx, Shard);
        var root = header.GroupRoots.FirstOrDefault(r => r.Group == group);
        if (root is null || root.Count != proof.Legs.Count)
        {
            return "leg-proof-incomplete-group";
        }
        foreach (var leg in proof.Legs)
        {
            if (leg.OutputValid || leg.IsIntraShard || leg.OutputShard != Shard || leg.InputIndexOf(header.Shard) < 0
                || leg.InputShards.Count != leg.InputValid.Count || !leg.InputValid[leg.InputIndexOf(header.Shard)])
            {
                return "leg-proof-bad-leg";
            }
        }
        if (MerkleRoot.Compute(BlockBuilder.LeafHashes(proof.Legs)) != root.Root)
        {
            return "leg-proof-bad-group-root";
        }

        var legIds = proof.Legs.Select(l => l.Id).ToArray();
        var verified = new VerifiedLegs(legIds, LegsAccepted.DigestOf(legIds));
        _verified[key] = verified;
        Dirty('v', header.Shard, header.Height, Hash32.Zero);
        Counters.LegProofsVerified++;
        foreach (var leg in proof.Legs)
        {
            if (_held.TryAdd(leg.Id, leg))
            {
                Dirty('h', 0, 0, leg.Id);
            }
        }
        var signature = _key.Sign(CrossShardStatements.Sign(_keys.Domain(Shard), header.Shard, header.Height, verified.Digest));
        var share = new SignShare(header.Shard, header.Height, verified.Digest, signature);
        ToShard(share, step);
        return AddSign(Index, share, step);
    }

    private string? OnSignShare(uint fromShard, int fromIndex, SignShare share, CrossShardStep step)
    {
        if (fromShard != Shard || !_committee.Contains(fromIndex))
        {
            return "sign-share-misrouted";
        }
        if (share.InputShard >= (uint)_map.ShardCount || share.InputShard == Shard)
        {
            return "sign-share-bad-shard";
        }
        if (_view.IsAccepted(share.InputShard, share.Height))
        {
            return null; // late: already settled
        }
        var statement = CrossShardStatements.Sign(_keys.Domain(Shard), share.InputShard, share.Height, share.LegsDigest);
        if (!_committee.Verify(fromIndex, statement, share.Signature))
        {
            return "sign-share-bad-signature";
        }
        return AddSign(fromIndex, share, step);
    }

    private string? AddSign(int signer, SignShare share, CrossShardStep step)
    {
        var key = (share.InputShard, share.Height, share.LegsDigest);
        if (!_signTallies.TryGetValue(key, out var votes))
        {
            if (_signTallies.Count >= MaxTallies)
            {
                return "tally-limit";
            }
            _signTallies[key] = votes = [];
        }
        if (votes.TryAdd(signer, share.Signature))
        {
            Dirty('s', share.InputShard, share.Height, share.LegsDigest);
        }
        TryAccept(share.InputShard, share.Height, step);
        return null;
    }

    /// <summary>n−f SIGN over the digest this node verified itself: submits the LegsAccepted entry (once).</summary>
    private void TryAccept(uint inputShard, ulong height, CrossShardStep step)
    {
        var key = (inputShard, height);
        if (_acceptSubmitted.ContainsKey(key) || !_verified.TryGetValue(key, out var verified)
            || !_signTallies.TryGetValue((inputShard, height, verified.Digest), out var votes) || votes.Count < _committee.Quorum.Strong)
        {
            return;
        }
        var entry = new LegsAccepted(inputShard, height, verified.LegIds, QuorumCertificate.FromVotes(votes));
        _acceptSubmitted[key] = entry.Id;
        step.Submissions.Add(entry);
        Counters.AcceptancesSubmitted++;
    }

    private string? OnClearShare(uint fromShard, int fromIndex, ClearShare share, CrossShardStep step)
    {
        if (fromShard != Shard || !_committee.Contains(fromIndex))
        {
            return "clear-share-misrouted";
        }
        var tx = share.Tx;
        if (!tx.HasInvalidLegOn(Shard))
        {
            // An honest node signs CL_M only for a leg it found invalid; the verdict is the same everywhere.
            return "clear-share-for-valid-leg";
        }
        var legId = tx.Id;
        if (!_committee.Verify(fromIndex, CrossShardStatements.ClearMessage(_keys.Domain(Shard), legId), share.Signature))
        {
            return "clear-share-bad-signature";
        }
        if (_view.CrossShard(legId).Aborted)
        {
            return null;
        }
        if (!_clearTallies.TryGetValue(legId, out var tally))
        {
            if (_clearTallies.Count >= MaxTallies)
            {
                return "tally-limit";
            }
            _clearTallies[legId] = tally = new ClearTally(tx);
        }
        if (tally.Shares.TryAdd(fromIndex, share.Signature))
        {
            Dirty('c', 0, 0, legId);
        }
        // The leg is invalid here too: add this node's own CL_M (which also checks the tally).
        if (!tally.SignedByMe)
        {
            OnInvalidLeg(tx, step);
        }
        else
        {
            TryClear(tally, step);
        }
        return null;
    }

    /// <summary>n−f CL_M: the CL certificate goes to f+1 nodes of every shard of the tx, and this node submits its abort.</summary>
    private void TryClear(ClearTally tally, CrossShardStep step)
    {
        if (tally.Certified || tally.Shares.Count < _committee.Quorum.Strong)
        {
            return;
        }
        tally.Certified = true;
        Counters.ClearCertificates++;
        var clear = new ClearCertificate(tally.Tx, Shard, QuorumCertificate.FromVotes(tally.Shares));
        foreach (var shard in tally.Tx.Shards())
        {
            if (shard >= (uint)_map.ShardCount)
            {
                continue;
            }
            foreach (var target in Relays(shard))
            {
                if (shard != Shard || target != Index)
                {
                    step.Send(shard, target, clear);
                }
            }
        }
        SubmitAbort(clear, step);
    }

    private string? OnClearCertificate(ClearCertificate clear, CrossShardStep step)
    {
        var tx = clear.Tx;
        if (!tx.HasInvalidLegOn(clear.InvalidShard))
        {
            return "clear-certificate-bad-tx";
        }
        if (!tx.Involves(Shard))
        {
            return "clear-certificate-misrouted";
        }
        if (_abortSubmitted.ContainsKey(tx.Id) || _view.CrossShard(tx.Id).Aborted)
        {
            return null;
        }
        if (_keys.Committee(clear.InvalidShard) is not { } committee)
        {
            return "clear-certificate-unknown-shard";
        }
        var statement = CrossShardStatements.ClearMessage(_keys.Domain(clear.InvalidShard), tx.Id);
        if (clear.Certificate.Verify(committee, statement, committee.Quorum.Strong) != CertificateError.None)
        {
            return "clear-certificate-bad-certificate";
        }
        SubmitAbort(clear, step);
        return null;
    }

    private void SubmitAbort(ClearCertificate clear, CrossShardStep step)
    {
        var legId = clear.Tx.Id;
        if (_abortSubmitted.ContainsKey(legId) || _view.CrossShard(legId).Aborted)
        {
            return;
        }
        var entry = new CrossShardAbort(clear.Tx, clear.InvalidShard, clear.Certificate);
        _abortSubmitted[legId] = entry.Id;
        if (_held.Remove(legId))
        {
            Dirty('h', 0, 0, legId);
        }
        step.Submissions.Add(entry);
        Counters.AbortsSubmitted++;
    }
}
