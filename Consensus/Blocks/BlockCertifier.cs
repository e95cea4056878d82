using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;

namespace DumboFL.Consensus;

/// <summary>
/// Certifies blocks: once a node has built block h it signs the header hash and broadcasts the signature;
/// n−f valid signatures on the header this node built form the block's certificate. Signatures may arrive
/// before the node built the block (they are kept, verified, until it does). Heights far behind the
/// newest are forgotten.
/// </summary>
internal sealed class BlockCertifier
{
    private const int RetainedHeights = 64;

    private readonly ConsensusConfig _config;
    private readonly SortedDictionary<ulong, HeightVotes> _heights = [];

    public BlockCertifier(ConsensusConfig config) => _config = config;

    public void Sign(ulong epoch, ulong height, Hash32 headerHash, Step step)
    {
        var votes = Votes(height);
        if (votes.Own is not null)
        {
            return;
        }
        votes.Own = headerHash;
        votes.Epoch = epoch;
        var signature = _config.Key.Sign(BlockStatements.Certify(_config.Domain, epoch, height, headerHash));
        step.Broadcast(new BlockSignature(epoch, height, headerHash, signature));
        TryCertify(height, votes, step);
    }

    public void OnSignature(int sender, BlockSignature message, Step step)
    {
        if (_heights.Count > 0 && message.Height + RetainedHeights < _heights.Keys.Last())
        {
            return;
        }
        var votes = Votes(message.Height);
        if (votes.Certified || votes.From.ContainsKey(sender))
        {
            if (votes.From.TryGetValue(sender, out var previous) && previous.Hash != message.HeaderHash)
            {
                step.Fault(sender, FaultKind.Equivocation, $"two block signatures for height {message.Height}");
            }
            return;
        }
        var statement = BlockStatements.Certify(_config.Domain, message.Epoch, message.Height, message.HeaderHash);
        if (!_config.Committee.Verify(sender, statement, message.Signature))
        {
            step.Fault(sender, FaultKind.BadSignature, $"block signature for height {message.Height}");
            return;
        }
        votes.From[sender] = (message.HeaderHash, message.Epoch, message.Signature);
        TryCertify(message.Height, votes, step);
    }

    private void TryCertify(ulong height, HeightVotes votes, Step step)
    {
        if (votes.Certified || votes.Own is not { } own)
        {
            return;
        }
        var agreeing = votes.From.Where(v => v.Value.Hash == own && v.Value.Epoch == votes.Epoch).ToArray();
        if (agreeing.Length < _config.Quorum.Strong)
        {
            return;
        }
        votes.Certified = true;
        var certificate = QuorumCertificate.FromVotes(agreeing.Select(v => KeyValuePair.Create(v.Key, v.Value.Signature)));
        step.Certificates.Add(new BlockCertificate(votes.Epoch, height, own, certificate));
    }

    private HeightVotes Votes(ulong height)
    {
        if (!_heights.TryGetValue(height, out var votes))
        {
            _heights[height] = votes = new HeightVotes();
            while (_heights.Count > RetainedHeights * 2)
            {
                _heights.Remove(_heights.Keys.First());
            }
        }
        return votes;
    }

    private sealed class HeightVotes
    {
        public Hash32? Own { get; set; }

        public ulong Epoch { get; set; }

        public bool Certified { get; set; }

        public Dictionary<int, (Hash32 Hash, ulong Epoch, byte[] Signature)> From { get; } = [];
    }
}
